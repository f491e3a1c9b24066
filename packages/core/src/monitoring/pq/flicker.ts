/** Pst needs these five smoothed percentiles of the instantaneous flicker sensation (IEC 61000-4-15). */
export interface FlickerPercentiles {
  p0_1: number;
  p1s: number;
  p3s: number;
  p10s: number;
  p50s: number;
}

/** Number of Pst values in one Plt (12 × 10 min = 2 h). */
export const PST_PER_PLT = 12;

/** Pst = √(0.0314 P0.1 + 0.0525 P1s + 0.0657 P3s + 0.28 P10s + 0.08 P50s). */
export function pstFromPercentiles(p: FlickerPercentiles): number {
  return Math.sqrt(0.0314 * p.p0_1 + 0.0525 * p.p1s + 0.0657 * p.p3s + 0.28 * p.p10s + 0.08 * p.p50s);
}

/**
 * The level exceeded for `pct` % of the time in a series of instantaneous flicker sensation values,
 * by linear interpolation between sorted values.
 */
export function exceededLevel(sorted: Float64Array, pct: number): number {
  const pos = (1 - pct / 100) * (sorted.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}

/** The smoothed percentiles of IEC 61000-4-15 from a series of instantaneous flicker sensation Pinst. */
export function flickerPercentiles(pinst: Float64Array): FlickerPercentiles {
  const s = Float64Array.from(pinst).sort();
  const p = (pct: number): number => exceededLevel(s, pct);
  return {
    p0_1: p(0.1),
    p1s: (p(0.7) + p(1) + p(1.5)) / 3,
    p3s: (p(2.2) + p(3) + p(4)) / 3,
    p10s: (p(6) + p(8) + p(10) + p(13) + p(17)) / 5,
    p50s: (p(30) + p(50) + p(80)) / 3,
  };
}

/** Plt = ∛(Σ Pst³ / N) over the given Pst values (N = 12 for the standard two-hour value). */
export function pltFromPst(pst: readonly number[]): number {
  if (pst.length === 0) return NaN;
  return Math.cbrt(pst.reduce((s, v) => s + v ** 3, 0) / pst.length);
}

/** One Plt per complete block of 12 consecutive Pst values; a trailing partial block is left out. */
export function pltSeries(pst: readonly number[]): number[] {
  const out: number[] = [];
  for (let i = 0; i + PST_PER_PLT <= pst.length; i += PST_PER_PLT) out.push(pltFromPst(pst.slice(i, i + PST_PER_PLT)));
  return out;
}
