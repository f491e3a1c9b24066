import type { HarmonicAnalyser } from './harmonic-analyser.ts';

/**
 * Per-window results of one channel over a record. Only the subgroups, which compliance judges,
 * are kept per window (`subgroupPct[n][i]` = order n in window i, % of the fundamental); groups,
 * interharmonic groups and centred subgroups are summed into means as they go, which keeps the hot
 * loop's scattered writes to one series per order.
 */
export interface WindowSeries {
  name: string;
  rms: Float64Array;
  thdPct: Float64Array;
  thdgPct: Float64Array;
  thdsPct: Float64Array;
  fundamentalRe: Float64Array;
  fundamentalIm: Float64Array;
  subgroupPct: Float64Array[];
  /** Means over all windows, index = order (interharmonic: between n and n+1). */
  meanGroupPct: Float64Array;
  meanSubgroupPct: Float64Array;
  meanInterharmonicGroupPct: Float64Array;
  meanCentredSubgroupPct: Float64Array;
}

/** One buffer, order-major, so each order's series is a contiguous view and the hot loop writes flat indexes. */
function perOrder(orders: number, count: number): { flat: Float64Array; views: Float64Array[] } {
  const flat = new Float64Array((orders + 1) * count);
  return { flat, views: Array.from({ length: orders + 1 }, (_, n) => flat.subarray(n * count, (n + 1) * count)) };
}

/** Runs the analyser over every whole 10/12-cycle window of every channel (voltages first, then currents). */
export function analyseWindows(
  analyser: HarmonicAnalyser,
  voltages: readonly { name: string; samples: Float64Array }[],
  currents: readonly { name: string; samples: Float64Array }[],
): { count: number; channels: WindowSeries[] } {
  const all = [...voltages, ...currents];
  const count = Math.floor(Math.min(...all.map((c) => c.samples.length)) / analyser.windowSamples);
  const result = analyser.createResult();
  const m = analyser.maxOrder;
  const channels = all.map((c) => {
    const sg = perOrder(m, count);
    const s: WindowSeries = {
      name: c.name,
      rms: new Float64Array(count),
      thdPct: new Float64Array(count),
      thdgPct: new Float64Array(count),
      thdsPct: new Float64Array(count),
      fundamentalRe: new Float64Array(count),
      fundamentalIm: new Float64Array(count),
      subgroupPct: sg.views,
      meanGroupPct: new Float64Array(m + 1),
      meanSubgroupPct: new Float64Array(m + 1),
      meanInterharmonicGroupPct: new Float64Array(m + 1),
      meanCentredSubgroupPct: new Float64Array(m + 1),
    };
    const { meanGroupPct: mg, meanSubgroupPct: ms, meanInterharmonicGroupPct: mi, meanCentredSubgroupPct: mc } = s;
    for (let i = 0; i < count; i++) {
      analyser.analyse(c.samples, i * analyser.windowSamples, result);
      s.rms[i] = result.windowRms;
      s.thdPct[i] = result.thd * 100;
      s.thdgPct[i] = result.thdg * 100;
      s.thdsPct[i] = result.thds * 100;
      s.fundamentalRe[i] = result.fundamentalRe;
      s.fundamentalIm[i] = result.fundamentalIm;
      const g1 = 100 / (result.groupRms[1] || 1);
      const s1 = 100 / (result.subgroupRms[1] || 1);
      for (let n = 0, at = i; n <= m; n++, at += count) {
        const sub = result.subgroupRms[n] * s1;
        sg.flat[at] = sub;
        ms[n] += sub;
        mg[n] += result.groupRms[n] * g1;
        mi[n] += result.interharmonicGroupRms[n] * g1;
        mc[n] += result.centredSubgroupRms[n] * s1;
      }
    }
    for (const a of [mg, ms, mi, mc]) for (let n = 0; n <= m; n++) a[n] = count ? a[n] / count : NaN;
    return s;
  });
  return { count, channels };
}
