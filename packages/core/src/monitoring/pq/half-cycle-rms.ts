/**
 * Urms(1/2) of IEC 61000-4-30: the RMS over one nominal cycle, refreshed every half cycle.
 * Cycle boundaries sit at fractional sample positions, so sample rates that are not a multiple of
 * the power frequency (10,240 samples/s at 50 Hz = 204.8 per cycle) keep exact one-cycle windows.
 */
export interface RmsSeries {
  /** One value per half cycle, starting when the first full cycle is available. */
  readonly valuesV: Float64Array;
  /** Time of the end of each value's one-cycle window, in seconds from the first sample. */
  readonly endTimesS: Float64Array;
  readonly halfCycleS: number;
}

/** Computes Urms(1/2) for one channel; no allocation besides the two output arrays. */
export function halfCycleRms(samples: Float64Array, sampleRateHz: number, nominalHz: number): RmsSeries {
  const hc = sampleRateHz / nominalHz / 2;
  const halfCount = Math.floor(samples.length / hc);
  const count = Math.max(0, halfCount - 1);
  const valuesV = new Float64Array(count);
  const endTimesS = new Float64Array(count);
  let prev = 0;
  for (let h = 0; h < halfCount; h++) {
    const sum = weightedSquares(samples, h * hc, (h + 1) * hc);
    if (h > 0) {
      valuesV[h - 1] = Math.sqrt((prev + sum) / (2 * hc));
      endTimesS[h - 1] = ((h + 1) * hc) / sampleRateHz;
    }
    prev = sum;
  }
  return { valuesV, endTimesS, halfCycleS: 1 / nominalHz / 2 };
}

/**
 * Sum of squares over the fractional sample span [a, b), each sample held for one sample period;
 * the edge samples count by their overlap, so a window is exactly one cycle long.
 */
function weightedSquares(x: Float64Array, a: number, b: number): number {
  const i0 = Math.floor(a);
  const i1 = Math.min(Math.floor(b), x.length);
  if (i0 === i1) return x[i0] * x[i0] * (b - a);
  let sum = x[i0] * x[i0] * (i0 + 1 - a);
  // Four running sums, so the additions do not wait on each other (about 100 samples per half cycle).
  let s1 = 0;
  let s2 = 0;
  let s3 = 0;
  let i = i0 + 1;
  for (; i + 3 < i1; i += 4) {
    sum += x[i] * x[i];
    s1 += x[i + 1] * x[i + 1];
    s2 += x[i + 2] * x[i + 2];
    s3 += x[i + 3] * x[i + 3];
  }
  for (; i < i1; i++) sum += x[i] * x[i];
  if (i1 < x.length) sum += x[i1] * x[i1] * (b - i1);
  return sum + s1 + s2 + s3;
}
