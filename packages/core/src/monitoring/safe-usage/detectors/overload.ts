import { round2, type SafeUsageDetector } from '../safe-usage-finding.ts';

/** Demand against the transformer or line capacity over time: share above heavy load, longest overload run. */
export const overload: SafeUsageDetector = {
  id: 'overload',
  detect(input, thresholds) {
    const t = thresholds.overload;
    const demand = input.demand;
    if (!demand || !input.capacityKva || demand.kw.length === 0) return [];
    const capacityKw = input.capacityKva * t.powerFactorAssumed;
    let heavy = 0;
    let run = 0;
    let longest = 0;
    let peak = 0;
    for (const kw of demand.kw) {
      const pct = (kw / capacityKw) * 100;
      peak = Math.max(peak, pct);
      if (pct >= t.heavyLoadPct) heavy++;
      run = pct > t.overloadPct ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    const longestMinutes = longest * demand.intervalMinutes;
    const evidence = {
      capacityKva: input.capacityKva,
      peakLoadPct: round2(peak),
      heavyLoadShare: round2(heavy / demand.kw.length),
      longestOverloadMinutes: longestMinutes,
    };
    const advice = {
      zh: '请错峰安排大功率设备，或申请增容；长时间过载会使变压器和线路过热，有火灾风险。',
      en: 'Stagger heavy loads or apply for more capacity: long overloads overheat the transformer and cables and can start a fire.',
    };
    if (longestMinutes >= t.minOverloadMinutes) {
      const critical = longestMinutes >= t.criticalOverloadMinutes;
      return [
        {
          detector: 'overload',
          code: 'overload',
          severity: critical ? 'critical' : 'warning',
          points: critical ? t.points.critical : t.points.overload,
          evidence,
          reason: {
            zh: `负荷连续 ${longestMinutes} 分钟超过容量（${input.capacityKva} kVA），最高达 ${evidence.peakLoadPct}%。`,
            en: `Load stayed above the ${input.capacityKva} kVA capacity for ${longestMinutes} minutes, peaking at ${evidence.peakLoadPct}%.`,
          },
          advice,
        },
      ];
    }
    if (heavy > 0 && evidence.heavyLoadShare >= 0.1)
      return [
        {
          detector: 'overload',
          code: 'heavyLoad',
          severity: 'info',
          points: t.points.heavy,
          evidence,
          reason: {
            zh: `${Math.round(evidence.heavyLoadShare * 100)}% 的时段负荷超过容量的 ${t.heavyLoadPct}%。`,
            en: `Load was above ${t.heavyLoadPct}% of capacity in ${Math.round(evidence.heavyLoadShare * 100)}% of intervals.`,
          },
          advice,
        },
      ];
    return [];
  },
};
