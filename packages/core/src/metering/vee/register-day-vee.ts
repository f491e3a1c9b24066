import { createEmptyBlock } from '../interval-block.ts';
import type { MeterEvent } from '../meter-event.ts';
import { dayRegisterDelta } from './day-register-delta.ts';
import type { ResolvedVeeConfig } from './vee-config.ts';
import { veeException, type DayRegisters, type VeeException, type VeeMeterDay, type VeeRuleId } from './vee-rule.ts';

/**
 * A meter-day known only from its daily freezes (日冻结), as a DL/T 645 poll without load profiles
 * delivers it: no intervals, so only the rules that judge registers, clocks and events apply.
 */
export interface RegisterVeeDay {
  meterId: string;
  date: string;
  /** The freezes at 00:00 of `date` and of the next day; undefined when either was not read. */
  register?: DayRegisters;
  /** Register advances (Wh) of the days just before, oldest first; null = not known. */
  earlierAdvancesWh: readonly (number | null)[];
  events: readonly MeterEvent[];
  premiseOccupied: boolean;
  clockOffsetSeconds?: number;
  nowUtc: Date;
  zone: string;
}

/** Interval rules that still have something to judge on a register-only day. */
const REGISTER_RULES: ReadonlySet<VeeRuleId> = new Set(['register-backwards', 'clock-drift']);

/**
 * Validates a register-only meter-day with the configured rules: a register running backwards,
 * clock drift and clock-error events as usual; a day the head end could not read (no freeze, or
 * a failed poll) under `missing-intervals`; a register that did not move for the zero-consumption
 * rule's number of days under `zero-consumption`.
 */
export function runRegisterVee(day: RegisterVeeDay, config: ResolvedVeeConfig): VeeException[] {
  // Rules address the day through its block; an all-missing one carries the key and nothing else.
  const veeDay: VeeMeterDay = {
    block: createEmptyBlock({ meterId: day.meterId, channel: 1, date: day.date }, { zone: day.zone }),
    history: [],
    register: day.register,
    events: day.events,
    premiseOccupied: day.premiseOccupied,
    clockOffsetSeconds: day.clockOffsetSeconds,
    nowUtc: day.nowUtc,
    zone: day.zone,
  };
  const out: VeeException[] = [];
  for (const { rule, params } of config.rules) {
    if (REGISTER_RULES.has(rule.id)) out.push(...rule.check(veeDay, params));
    else if (rule.id === 'missing-intervals') out.push(...unread(veeDay));
    else if (rule.id === 'zero-consumption') out.push(...standing(veeDay, day, Number(params.days)));
  }
  return out;
}

function unread(day: VeeMeterDay): VeeException[] {
  const failed = day.events.filter((e) => e.kind === 'comm-failure' && e.source === 'head-end').length;
  if (day.register && failed === 0) return [];
  const what = [
    ...(day.register ? [] : ['a daily freeze of the day was not read']),
    ...(failed ? [`${failed} poll(s) of the meter failed`] : []),
  ];
  return [veeException('missing-intervals', day, { severity: 'warning', detail: what.join('; ') })];
}

function standing(day: VeeMeterDay, reg: RegisterVeeDay, days: number): VeeException[] {
  if (!day.premiseOccupied || !day.register || !(days >= 1)) return [];
  const advances = [...reg.earlierAdvancesWh.slice(-(days - 1)), dayRegisterDelta(day.register)];
  if (advances.length < days || advances.some((a) => a !== 0)) return [];
  return [
    veeException('zero-consumption', day, {
      severity: 'warning',
      detail: `the register did not move for ${days} day(s) up to ${day.block.date}`,
    }),
  ];
}
