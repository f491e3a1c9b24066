import type { IntervalBlock } from '../interval-block.ts';
import type { MeterEvent } from '../meter-event.ts';
import type { RegisterKind, RegisterRead, RegisterSpec } from '../register-spec.ts';

/** Registers read at the start and end of the day (00:00 freezes), and the exchange reads if the meter was swapped that day. */
export interface DayRegisters {
  start: RegisterRead;
  end: RegisterRead;
  spec: RegisterSpec;
  kind: RegisterKind;
  exchange?: { oldLast: RegisterRead; newFirst: RegisterRead; newSpec?: RegisterSpec };
}

/** Everything VEE may look at for one meter channel and day; the caller gathers it, rules stay pure. */
export interface VeeMeterDay {
  block: IntervalBlock;
  /** Earlier days of the same meter channel (best available version), any order. */
  history: readonly IntervalBlock[];
  register?: DayRegisters;
  /** Events of this meter during the day. */
  events: readonly MeterEvent[];
  premiseOccupied: boolean;
  /** Meter clock minus head-end clock at the last read, in seconds. */
  clockOffsetSeconds?: number;
  /** From the injected clock. */
  nowUtc: Date;
  zone: string;
  /** Local dates treated as weekend days for estimation (public holidays), from data. */
  holidays?: readonly string[];
}

export type VeeRuleId =
  | 'missing-intervals'
  | 'spike'
  | 'negative-consumption'
  | 'register-backwards'
  | 'zero-consumption'
  | 'interval-register-mismatch'
  | 'clock-drift';

/**
 * What should happen to the slots a rule names: `estimate` = distrust and re-estimate,
 * `flag` = keep the value but mark it SUSPECT, `none` = a day-level finding for a person to review.
 */
export type VeeRepair = 'estimate' | 'flag' | 'none';

/** One entry for the VEE exception queue. */
export interface VeeException {
  ruleId: VeeRuleId;
  meterId: string;
  channel: number;
  date: string;
  severity: 'warning' | 'error';
  detail: string;
  slots: number[];
  repair: VeeRepair;
}

export type RuleParams = Record<string, number | boolean>;

/** A validation rule: one module each, configured by its params (data, with defaults). */
export interface VeeRule<P extends RuleParams = RuleParams> {
  id: VeeRuleId;
  description: string;
  defaults: P;
  check(day: VeeMeterDay, params: P): VeeException[];
}

/** Builds an exception for `day` with the rule's id filled in. */
export function veeException(
  ruleId: VeeRuleId,
  day: VeeMeterDay,
  fields: Pick<VeeException, 'severity' | 'detail'> & Partial<Pick<VeeException, 'slots' | 'repair'>>,
): VeeException {
  return {
    ruleId,
    meterId: day.block.meterId,
    channel: day.block.channel,
    date: day.block.date,
    slots: [],
    repair: 'none',
    ...fields,
  };
}

/** Compresses slot numbers into `3-7, 12` for readable exception details. */
export function slotRanges(slots: readonly number[]): string {
  const parts: string[] = [];
  for (let i = 0; i < slots.length; i++) {
    let j = i;
    while (j + 1 < slots.length && slots[j + 1] === slots[j] + 1) j++;
    parts.push(i === j ? `${slots[i]}` : `${slots[i]}-${slots[j]}`);
    i = j;
  }
  return parts.join(', ');
}
