import type { DailyUsage } from './safe-usage-input.ts';
import { fitLinear } from './least-squares.ts';

export interface DegreeDayBases {
  heatingBaseC: number;
  coolingBaseC: number;
}

/** A customer's own expected daily kWh: intercept + heating and cooling degree-days + a rest-day shift. */
export interface DegreeDayBaseline {
  interceptKwh: number;
  kwhPerHeatingDegreeDay: number;
  kwhPerCoolingDegreeDay: number;
  restdayShiftKwh: number;
  residualStdKwh: number;
  days: number;
  /** False when the history had no temperatures: the baseline is then by day type only. */
  weatherAdjusted: boolean;
}

const heating = (t: number | undefined, b: DegreeDayBases): number =>
  t === undefined ? 0 : Math.max(0, b.heatingBaseC - t);
const cooling = (t: number | undefined, b: DegreeDayBases): number =>
  t === undefined ? 0 : Math.max(0, t - b.coolingBaseC);

function design(d: DailyUsage, b: DegreeDayBases): number[] {
  return [1, heating(d.temperatureC, b), cooling(d.temperatureC, b), d.dayType === 'restday' ? 1 : 0];
}

/** Fits the baseline on history days (daily kWh regressed on degree-days and day type). */
export function fitDegreeDayBaseline(history: readonly DailyUsage[], bases: DegreeDayBases): DegreeDayBaseline {
  const fit = fitLinear(
    history.map((d) => design(d, bases)),
    history.map((d) => d.kwh),
  );
  const [a, h, c, r] = fit.coefficients;
  return {
    interceptKwh: a,
    kwhPerHeatingDegreeDay: h,
    kwhPerCoolingDegreeDay: c,
    restdayShiftKwh: r,
    residualStdKwh: fit.residualStd,
    days: history.length,
    weatherAdjusted: history.some((d) => d.temperatureC !== undefined),
  };
}

/** The kWh the baseline expects for one day (its temperature and day type). */
export function expectedKwh(baseline: DegreeDayBaseline, day: DailyUsage, bases: DegreeDayBases): number {
  const [, hdd, cdd, rest] = design(day, bases);
  return (
    baseline.interceptKwh +
    baseline.kwhPerHeatingDegreeDay * hdd +
    baseline.kwhPerCoolingDegreeDay * cdd +
    baseline.restdayShiftKwh * rest
  );
}
