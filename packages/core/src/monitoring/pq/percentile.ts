/** The p-th percentile (0..100) by linear interpolation between order statistics; NaN for no values. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const finite = Array.from(values).filter(Number.isFinite);
  if (finite.length === 0) return NaN;
  finite.sort((a, b) => a - b);
  const pos = (p / 100) * (finite.length - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(finite.length - 1, lo + 1);
  return finite[lo] + (finite[hi] - finite[lo]) * (pos - lo);
}
