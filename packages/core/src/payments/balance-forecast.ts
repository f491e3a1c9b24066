import { addDays } from '../time/zone.ts';
import { divRoundHalfUp, type Fen } from '../units/money.ts';

export type DayType = 'workday' | 'weekend' | 'holiday';

/** One settled day: what it cost and what kind of day it was. */
export interface UsageDay {
  date: string;
  costFen: number;
  dayType: DayType;
}

/** Days of history the forecast looks at. */
export const FORECAST_WINDOW_DAYS = 14;
/** Longest forecast; a balance lasting longer is reported as this many days and `capped`. */
export const MAX_FORECAST_DAYS = 366;

/**
 * Expected daily cost per day type: a weighted average of the last FORECAST_WINDOW_DAYS days
 * where the newest day weighs most (weights 1..n), so a change in habits shows within days.
 * A day type without history falls back to the average over all days.
 */
export function expectedDailyCost(history: readonly UsageDay[]): Record<DayType, Fen> | null {
  const recent = [...history].sort((a, b) => a.date.localeCompare(b.date)).slice(-FORECAST_WINDOW_DAYS);
  if (recent.length === 0) return null;
  const weighted = (days: { d: UsageDay; w: number }[]) => {
    const wSum = days.reduce((s, x) => s + x.w, 0);
    return divRoundHalfUp(
      days.reduce((s, x) => s + x.d.costFen * x.w, 0),
      wSum,
    ) as Fen;
  };
  const all = recent.map((d, i) => ({ d, w: i + 1 }));
  const overall = weighted(all);
  const of = (t: DayType) => {
    const days = all.filter((x) => x.d.dayType === t);
    return days.length ? weighted(days) : overall;
  };
  return { workday: of('workday'), weekend: of('weekend'), holiday: of('holiday') };
}

export interface DaysLeftForecast {
  /** Whole days the balance still covers before it reaches the stop line. */
  daysLeft: number;
  /** First local date on which the stop line is expected to be reached, null when capped or no use. */
  runsOutOn: string | null;
  capped: boolean;
  dailyCostFen: Record<DayType, Fen>;
}

/** Forecast of days until the balance reaches the stop line, walking the calendar day by day by day type. */
export function forecastDaysLeft(input: {
  availableFen: number;
  stopFen: number;
  history: readonly UsageDay[];
  /** First day not yet settled. */
  from: string;
  dayTypeOf: (date: string) => DayType;
}): DaysLeftForecast | null {
  const cost = expectedDailyCost(input.history);
  if (!cost) return null;
  let left = input.availableFen - input.stopFen;
  if (left <= 0) return { daysLeft: 0, runsOutOn: input.from, capped: false, dailyCostFen: cost };
  let date = input.from;
  for (let day = 0; day < MAX_FORECAST_DAYS; day++) {
    left -= cost[input.dayTypeOf(date)];
    if (left <= 0) return { daysLeft: day, runsOutOn: date, capped: false, dailyCostFen: cost };
    date = addDays(date, 1);
  }
  return { daysLeft: MAX_FORECAST_DAYS, runsOutOn: null, capped: true, dailyCostFen: cost };
}
