/**
 * Urms(1/2) of IEC 61000-4-30: the RMS over one nominal cycle, refreshed every half cycle.
 * Cycle boundaries are placed at rounded fractional sample positions, so sample rates that are not
 * a multiple of the power frequency (10,240 samples/s at 50 Hz = 204.8 per cycle) keep their timing.
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
  const halfCycleSamples = sampleRateHz / nominalHz / 2;
  const halfCount = Math.floor(samples.length / halfCycleSamples);
  const count = Math.max(0, halfCount - 1);
  const valuesV = new Float64Array(count);
  const endTimesS = new Float64Array(count);
  let prevSum = 0;
  let prevLen = 0;
  let start = 0;
  for (let h = 0; h < halfCount; h++) {
    const end = Math.round((h + 1) * halfCycleSamples);
    let sum = 0;
    for (let i = start; i < end; i++) sum += samples[i] * samples[i];
    const len = end - start;
    if (h > 0) {
      valuesV[h - 1] = Math.sqrt((prevSum + sum) / (prevLen + len));
      endTimesS[h - 1] = end / sampleRateHz;
    }
    prevSum = sum;
    prevLen = len;
    start = end;
  }
  return { valuesV, endTimesS, halfCycleS: 1 / nominalHz / 2 };
}
