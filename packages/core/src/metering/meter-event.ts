/** What a meter or the head end reported happening to a meter. */
export const METER_EVENT_KINDS = [
  'power-down',
  'power-up',
  'cover-open',
  'clock-error',
  'comm-failure',
  'meter-exchange',
] as const;

export type MeterEventKind = (typeof METER_EVENT_KINDS)[number];

/** Who told us: the meter's own event log, the head-end system (e.g. a failed poll), a field clerk, or the simulator. */
export type MeterEventSource = 'meter' | 'head-end' | 'field' | 'simulator';

export interface MeterEvent {
  meterId: string;
  kind: MeterEventKind;
  /** When it happened, ISO 8601 UTC. */
  atUtc: string;
  source: MeterEventSource;
  /** Free data such as the clock offset in seconds or the new meter's id. */
  detail?: Record<string, string | number>;
}

export function isMeterEventKind(s: string): s is MeterEventKind {
  return (METER_EVENT_KINDS as readonly string[]).includes(s);
}
