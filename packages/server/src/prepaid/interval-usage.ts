import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { MINUTES_PER_DAY, type CompiledTouSchedule } from '@meterflow/core/billing/tou-schedule';

/** Days of interval data the advice looks back over. */
export const ADVICE_INTERVAL_DAYS = 30;
/** Night window of the standby base load, local minutes [from, to): 01:00–05:00 (core's MIN_NIGHT_INTERVALS counts these). */
export const NIGHT_FROM_MINUTE = 60;
export const NIGHT_TO_MINUTE = 300;

/** What interval blocks say about an account's use (primary side: the multiplier applied). */
export interface IntervalUsage {
  /** Energy of each usable night interval. */
  nightWh: number[];
  slotMinutes: number;
  /** Energy per TOU period code over the days the schedule could classify. */
  periodWh: Map<string, number>;
  days: number;
}

/**
 * Night intervals and energy per TOU period from the latest version of daily blocks. Missing and
 * suspect values are left out; a day whose slot count is not a plain day's (a DST change) or
 * whose month has several TOU day types (no calendar here to tell them apart) is not classified.
 */
export function intervalUsage(
  blocks: readonly IntervalBlock[],
  multiplier: number,
  schedule?: CompiledTouSchedule,
): IntervalUsage {
  const out: IntervalUsage = { nightWh: [], slotMinutes: blocks[0]?.slotMinutes ?? 15, periodWh: new Map(), days: 0 };
  for (const b of blocks) {
    if (b.unit !== 'Wh' || b.slotMinutes !== out.slotMinutes || b.values.length * b.slotMinutes !== MINUTES_PER_DAY)
      continue;
    out.days++;
    const periods = schedule && dayPeriods(schedule, Number(b.date.slice(5, 7)));
    for (let i = 0; i < b.values.length; i++) {
      if (b.quality[i] > QUALITY.EDITED) continue;
      const wh = b.values[i] * multiplier;
      const minute = i * b.slotMinutes;
      if (minute >= NIGHT_FROM_MINUTE && minute < NIGHT_TO_MINUTE) out.nightWh.push(wh);
      if (periods && schedule) {
        const code = schedule.periodCodes[periods[minute]];
        out.periodWh.set(code, (out.periodWh.get(code) ?? 0) + wh);
      }
    }
  }
  return out;
}

/** The period index per minute for a month with a single day type, else undefined. */
function dayPeriods(s: CompiledTouSchedule, month: number): Uint8Array | undefined {
  const found = [...s.byMonthAndDayType.entries()].filter(([k]) => k.startsWith(`${month}/`));
  return found.length === 1 ? found[0][1] : undefined;
}
