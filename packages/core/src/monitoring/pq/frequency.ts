/** IEC 61000-4-30 class A frequency: whole cycles counted over 10-second intervals. */
export const FREQUENCY_WINDOW_S = 10;

/** A crossing is counted only after the signal went below this fraction of the window's peak. */
export const ZERO_CROSSING_ARM_FRACTION = 0.1;

/**
 * Frequency from positive-going zero crossings in samples[start, end), interpolated between samples.
 * The arm level rejects the extra crossings that harmonics or noise make near zero. NaN when fewer
 * than two crossings are found.
 */
export function frequencyByZeroCrossing(
  samples: Float64Array,
  sampleRateHz: number,
  start = 0,
  end = samples.length,
): number {
  let peak = 0;
  for (let i = start; i < end; i++) peak = Math.max(peak, Math.abs(samples[i]));
  const arm = -ZERO_CROSSING_ARM_FRACTION * peak;
  let first = NaN;
  let last = NaN;
  let count = 0;
  // Two tight scans in turn, each with one test per sample: for the arming dip, then for the crossing.
  let i = start + 1;
  while (i < end) {
    while (i < end && !(samples[i] < arm)) i++;
    // The arming sample is below zero, so the crossing comes at the next sample at the earliest.
    i++;
    while (i < end && !(samples[i] > 0 && samples[i - 1] <= 0)) i++;
    if (i >= end) break;
    const prev = samples[i - 1];
    const t = i - 1 + prev / (prev - samples[i]);
    if (count === 0) first = t;
    last = t;
    count++;
    i++;
  }
  return count < 2 ? NaN : ((count - 1) * sampleRateHz) / (last - first);
}

export interface FrequencyValue {
  startS: number;
  frequencyHz: number;
}

/** Consecutive frequency values over windowS-second windows; a shorter record gives one value for all of it. */
export function frequencySeries(
  samples: Float64Array,
  sampleRateHz: number,
  windowS = FREQUENCY_WINDOW_S,
): FrequencyValue[] {
  const windowSamples = Math.round(windowS * sampleRateHz);
  if (samples.length < windowSamples)
    return [{ startS: 0, frequencyHz: frequencyByZeroCrossing(samples, sampleRateHz) }];
  const out: FrequencyValue[] = [];
  for (let s = 0; s + windowSamples <= samples.length; s += windowSamples) {
    out.push({
      startS: s / sampleRateHz,
      frequencyHz: frequencyByZeroCrossing(samples, sampleRateHz, s, s + windowSamples),
    });
  }
  return out;
}
