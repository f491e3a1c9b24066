import { percentile } from './percentile.ts';

export interface Summary {
  mean: number;
  p95: number;
  max: number;
}

const DECIMALS = 1e4;
/** Rounds for reports: four decimals are below any instrument's accuracy. */
export const round4 = (v: number): number => (Number.isFinite(v) ? Math.round(v * DECIMALS) / DECIMALS : v);

/** Mean, 95th percentile and maximum of the finite values, rounded for reports. */
export function summarise(values: ArrayLike<number>): Summary {
  let sum = 0;
  let n = 0;
  let max = -Infinity;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (Number.isFinite(v)) {
      sum += v;
      n++;
      if (v > max) max = v;
    }
  }
  return { mean: round4(n ? sum / n : NaN), p95: round4(percentile(values, 95)), max: round4(n ? max : NaN) };
}

/** Mean of the finite values (NaN if none). */
export function mean(values: ArrayLike<number>): number {
  let sum = 0;
  let n = 0;
  for (let i = 0; i < values.length; i++) {
    if (Number.isFinite(values[i])) {
      sum += values[i];
      n++;
    }
  }
  return n ? sum / n : NaN;
}
