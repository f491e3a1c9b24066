/**
 * Ground truth of what the simulator did to a meter's data. `dataError` says whether VEE ought to
 * catch it: outages and meter exchanges are real events that must not raise false alarms.
 */
export type FaultKind =
  | 'gap'
  | 'spike'
  | 'stuck-register'
  | 'backward-register'
  | 'clock-drift'
  | 'outage'
  | 'meter-exchange'
  | 'dead-meter'
  | 'silent-meter';

export const DATA_ERROR_KINDS: ReadonlySet<FaultKind> = new Set([
  'gap',
  'spike',
  'stuck-register',
  'backward-register',
  'clock-drift',
  'dead-meter',
  'silent-meter',
]);

export interface InjectedFault {
  kind: FaultKind;
  meterId: string;
  /** First and last local day affected. */
  fromDate: string;
  toDate: string;
  slots?: number[];
  dataError: boolean;
  detail: Record<string, number | string>;
}

/** Chance per meter-day that each fault starts (at most one starts per meter-day), as data. */
export type FaultRates = Readonly<Record<FaultKind, number>>;

export const DEFAULT_FAULT_RATES: FaultRates = {
  gap: 0.02,
  spike: 0.01,
  'stuck-register': 0.005,
  'backward-register': 0.003,
  'clock-drift': 0.005,
  outage: 0.01,
  'meter-exchange': 0.003,
  'dead-meter': 0.001,
  // Applied by a transport that can stay silent (DL/T 645 over TCP); the MQTT publisher cannot.
  'silent-meter': 0,
};

/**
 * Faults for meters read over DL/T 645 by daily freeze: interval faults (gap, spike) and a stuck
 * register (which only disagrees with intervals) cannot show on that path, so they are not drawn;
 * the rest are drawn more often so a small fleet over a few days still gets enough to judge.
 */
export const DLT645_FAULT_RATES: FaultRates = {
  gap: 0,
  spike: 0,
  'stuck-register': 0,
  'backward-register': 0.01,
  'clock-drift': 0.01,
  outage: 0.01,
  'meter-exchange': 0.004,
  'dead-meter': 0.002,
  'silent-meter': 0.01,
};

/** How long a dead meter (all zeros, register frozen) lasts, in days. */
export const DEAD_METER_DAYS = 4;
