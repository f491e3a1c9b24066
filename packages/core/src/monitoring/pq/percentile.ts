/** The p-th percentile (0..100) by linear interpolation between order statistics; NaN values are left out. */
export function percentile(values: ArrayLike<number>, p: number): number {
  const finite = new Float64Array(values.length);
  let n = 0;
  for (let i = 0; i < values.length; i++) if (Number.isFinite(values[i])) finite[n++] = values[i];
  if (n === 0) return NaN;
  // A typed-array sort is numeric and needs no comparator callback.
  const sorted = finite.subarray(0, n).sort();
  const pos = (p / 100) * (n - 1);
  const lo = Math.floor(pos);
  const hi = Math.min(n - 1, lo + 1);
  return sorted[lo] + (sorted[hi] - sorted[lo]) * (pos - lo);
}
