import { MINUTES_PER_DAY, type CompiledTouSchedule } from './tou-schedule.ts';

/** Demand is the average power over this window (DOMAIN.md §4: 15-minute maximum demand). */
export const DEMAND_WINDOW_MINUTES = 15;
const MINUTES_PER_HOUR = 60;

/** One local day of interval energy (Wh, secondary side), slot i starting at minute i × slotMinutes. */
export interface DayOfIntervals {
  /** Local calendar day `YYYY-MM-DD` in the service zone. */
  date: string;
  slotMinutes: number;
  values: ArrayLike<number>;
}

/** What interval data contributes to a bill: kWh per TOU period and the maximum demand. */
export interface TouUsage {
  touWh: Record<string, number>;
  activeWh: number;
  /** Largest 15-minute average power in W (energy of the window × 60 / 15). */
  maxDemandW: number;
  /** Local day and minute the maximum-demand window starts. */
  maxDemandAt?: { date: string; minute: number };
}

/**
 * Sums interval energy into the tariff's time-of-use periods and finds the 15-minute maximum
 * demand. `dayTypeOf` names the schedule's day type for a date (default `all`, the usual single
 * type; a critical-peak calendar returns its own type on announced days).
 */
export function touUsageFromBlocks(
  schedule: CompiledTouSchedule,
  days: readonly DayOfIntervals[],
  dayTypeOf: (date: string) => string = () => 'all',
): TouUsage {
  const sums = new Array<number>(schedule.periodCodes.length).fill(0);
  let activeWh = 0;
  let maxDemandW = 0;
  let maxDemandAt: TouUsage['maxDemandAt'];
  for (const day of days) {
    const month = Number(day.date.slice(5, 7));
    const key = `${month}/${dayTypeOf(day.date)}`;
    const table = schedule.byMonthAndDayType.get(key);
    if (!table) throw new RangeError(`no time-of-use day type for ${key}`);
    const step = day.slotMinutes;
    if (!(step > 0) || MINUTES_PER_DAY % step !== 0)
      throw new RangeError(`slot of ${step} minutes does not divide a day`);
    const windowSlots = Math.max(1, Math.round(DEMAND_WINDOW_MINUTES / step));
    const windowMinutes = windowSlots * step;
    let window = 0;
    for (let i = 0; i < day.values.length; i++) {
      const v = day.values[i];
      const minute = i * step;
      // A slot belongs to the period in force at its start; TOU boundaries fall on slot edges.
      sums[table[minute % MINUTES_PER_DAY]] += v;
      activeWh += v;
      window += v;
      if ((i + 1) % windowSlots === 0) {
        const demandW = Math.floor((window * MINUTES_PER_HOUR) / windowMinutes);
        if (demandW > maxDemandW) {
          maxDemandW = demandW;
          maxDemandAt = { date: day.date, minute: minute + step - windowMinutes };
        }
        window = 0;
      }
    }
  }
  const touWh: Record<string, number> = {};
  schedule.periodCodes.forEach((code, i) => (touWh[code] = sums[i]));
  return maxDemandAt ? { touWh, activeWh, maxDemandW, maxDemandAt } : { touWh, activeWh, maxDemandW };
}
