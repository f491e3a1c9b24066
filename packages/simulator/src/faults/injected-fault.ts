/**
 * Ground truth of what the simulator did to a meter's data. `dataError` says whether VEE ought to
 * catch it: outages and meter exchanges are real events that must not raise false alarms.
 */
export type FaultKind =
  'gap' | 'spike' | 'stuck-register' | 'backward-register' | 'clock-drift' | 'outage' | 'meter-exchange' | 'dead-meter';

export const DATA_ERROR_KINDS: ReadonlySet<FaultKind> = new Set([
  'gap',
  'spike',
  'stuck-register',
  'backward-register',
  'clock-drift',
  'dead-meter',
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
};

/** How long a dead meter (all zeros, register frozen) lasts, in days. */
export const DEAD_METER_DAYS = 4;
