import { round2, type SafeUsageDetector } from '../safe-usage-finding.ts';

/** Share of peers (in %) whose value is below `value`; ties count half. */
export function percentileRank(peers: readonly number[], value: number): number {
  let below = 0;
  let equal = 0;
  for (const p of peers) {
    if (p < value) below++;
    else if (p === value) equal++;
  }
  return peers.length ? ((below + equal / 2) / peers.length) * 100 : NaN;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = Math.floor(s.length / 2);
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

/** The period's mean daily energy against customers of the same class in the same area. */
export const peerComparison: SafeUsageDetector = {
  id: 'peerComparison',
  detect(input, thresholds) {
    const t = thresholds.peer;
    const peers = input.peerDailyKwh ?? [];
    const period = input.days.slice(-input.periodDays);
    if (peers.length < t.minPeers || period.length === 0) return [];
    const mine = period.reduce((s, d) => s + d.kwh, 0) / period.length;
    const rank = percentileRank(peers, mine);
    const med = median(peers);
    const ratio = med > 0 ? mine / med : Infinity;
    if (rank < t.highPercentile || ratio < t.minRatioToMedian) return [];
    const evidence = {
      dailyKwh: round2(mine),
      peerMedianKwh: round2(med),
      percentile: round2(rank),
      peers: peers.length,
    };
    return [
      {
        detector: 'peerComparison',
        code: 'aboveSimilarCustomers',
        severity: 'info',
        points: t.points,
        evidence,
        reason: {
          zh: `日均用电 ${evidence.dailyKwh} kWh，高于同地区同类客户的 ${Math.round(rank)}%（中位数 ${evidence.peerMedianKwh} kWh）。`,
          en: `Your ${evidence.dailyKwh} kWh a day is more than ${Math.round(rank)}% of similar customers in your area use (median ${evidence.peerMedianKwh} kWh).`,
        },
        advice: {
          zh: '可申请能效诊断，排查高耗能设备和线路损耗。',
          en: 'Ask for an energy-efficiency check to find inefficient equipment and wiring losses.',
        },
      },
    ];
  },
};
