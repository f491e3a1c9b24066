import type { HarmonicAnalyser } from './harmonic-analyser.ts';

/** Per-window results of one channel over a record; `groupPct[n][i]` = order n in window i, % of fundamental. */
export interface WindowSeries {
  name: string;
  rms: Float64Array;
  thdPct: Float64Array;
  thdgPct: Float64Array;
  thdsPct: Float64Array;
  fundamentalRe: Float64Array;
  fundamentalIm: Float64Array;
  groupPct: Float64Array[];
  subgroupPct: Float64Array[];
  interharmonicGroupPct: Float64Array[];
  centredSubgroupPct: Float64Array[];
}

const perOrder = (orders: number, count: number): Float64Array[] =>
  Array.from({ length: orders + 1 }, () => new Float64Array(count));

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
    const s: WindowSeries = {
      name: c.name,
      rms: new Float64Array(count),
      thdPct: new Float64Array(count),
      thdgPct: new Float64Array(count),
      thdsPct: new Float64Array(count),
      fundamentalRe: new Float64Array(count),
      fundamentalIm: new Float64Array(count),
      groupPct: perOrder(m, count),
      subgroupPct: perOrder(m, count),
      interharmonicGroupPct: perOrder(m, count),
      centredSubgroupPct: perOrder(m, count),
    };
    for (let i = 0; i < count; i++) {
      analyser.analyse(c.samples, i * analyser.windowSamples, result);
      s.rms[i] = result.windowRms;
      s.thdPct[i] = result.thd * 100;
      s.thdgPct[i] = result.thdg * 100;
      s.thdsPct[i] = result.thds * 100;
      s.fundamentalRe[i] = result.fundamentalRe;
      s.fundamentalIm[i] = result.fundamentalIm;
      const g1 = result.groupRms[1] || 1;
      const s1 = result.subgroupRms[1] || 1;
      for (let n = 0; n <= m; n++) {
        s.groupPct[n][i] = (result.groupRms[n] / g1) * 100;
        s.subgroupPct[n][i] = (result.subgroupRms[n] / s1) * 100;
        s.interharmonicGroupPct[n][i] = (result.interharmonicGroupRms[n] / g1) * 100;
        s.centredSubgroupPct[n][i] = (result.centredSubgroupRms[n] / s1) * 100;
      }
    }
    return s;
  });
  return { count, channels };
}
