/** Aggregation intervals of IEC 61000-4-30, in milliseconds of clock time. */
export const TEN_MINUTES_MS = 10 * 60 * 1000;
export const TWO_HOURS_MS = 2 * 60 * 60 * 1000;
/** 150 cycles at 50 Hz (180 at 60 Hz) = 15 consecutive 10/12-cycle values. */
export const SHORT_AGGREGATION_PARTS = 15;

export interface TimeSpanMs {
  startMs: number;
  endMs: number;
}

export interface AggregatedValue {
  /** Start of the clock-aligned interval (UTC milliseconds). */
  startMs: number;
  value: number;
  /** Number of parts that went into the value. */
  count: number;
  /** True when the interval overlaps a dip, swell or interruption, as IEC 61000-4-30 flags them. */
  flagged: boolean;
}

/** Root-mean-square of consecutive blocks of `parts` values (e.g. 150-cycle values from 10-cycle ones). */
export function aggregateByCount(values: Float64Array, parts: number): Float64Array {
  const out = new Float64Array(Math.floor(values.length / parts));
  for (let b = 0; b < out.length; b++) {
    let s = 0;
    for (let i = b * parts; i < (b + 1) * parts; i++) s += values[i] * values[i];
    out[b] = Math.sqrt(s / parts);
  }
  return out;
}

/**
 * Root-mean-square of the values whose time falls in each clock-aligned interval (10 min, 2 h).
 * NaN values are left out. Intervals without a value are not returned.
 */
export function aggregateByClock(
  values: Float64Array,
  timesMs: Float64Array,
  intervalMs: number,
  events: readonly TimeSpanMs[] = [],
): AggregatedValue[] {
  const starts: number[] = [];
  const sums: number[] = [];
  const counts: number[] = [];
  let sorted = true;
  for (let i = 0; i < values.length; i++) {
    const v = values[i];
    if (!Number.isFinite(v)) continue;
    const start = Math.floor(timesMs[i] / intervalMs) * intervalMs;
    const last = starts.length - 1;
    // Window times run forward, so the common case appends to the current interval.
    if (last >= 0 && starts[last] === start) {
      sums[last] += v * v;
      counts[last]++;
      continue;
    }
    if (last >= 0 && start < starts[last]) sorted = false;
    starts.push(start);
    sums.push(v * v);
    counts.push(1);
  }
  const parts = sorted ? starts.map((s, i) => ({ s, sum: sums[i], count: counts[i] })) : merge(starts, sums, counts);
  return parts.map(({ s, sum, count }) => ({
    startMs: s,
    value: Math.sqrt(sum / count),
    count,
    flagged: events.some((e) => e.startMs < s + intervalMs && e.endMs >= s),
  }));
}

/** Out-of-order times: the same interval may appear in several runs, so merge them by start. */
function merge(starts: number[], sums: number[], counts: number[]): { s: number; sum: number; count: number }[] {
  const byStart = new Map<number, { s: number; sum: number; count: number }>();
  starts.forEach((s, i) => {
    const acc = byStart.get(s) ?? { s, sum: 0, count: 0 };
    acc.sum += sums[i];
    acc.count += counts[i];
    byStart.set(s, acc);
  });
  return [...byStart.values()].sort((a, b) => a.s - b.s);
}
