import type { EnergyAdvice } from './energy-advice.ts';
import { kwhText } from './energy-advice.ts';

/** Fewer peers than this make a comparison meaningless (and could reveal a neighbour's use). */
export const MIN_PEERS = 10;

/** The share of peers (0–100) using less than `wh`; ties count half. */
export function percentileRank(wh: number, peersWh: readonly number[]): number {
  let below = 0;
  let equal = 0;
  for (const p of peersWh) {
    if (p < wh) below++;
    else if (p === wh) equal++;
  }
  return Math.round(((below + equal / 2) * 100) / peersWh.length);
}

/** Compares a customer's use with similar customers (same class and area), or null with too few peers. */
export function peerComparisonAdvice(input: {
  wh: number;
  peersWh: readonly number[];
  customerClass: string;
  area: string;
  period: string;
}): EnergyAdvice | null {
  const { peersWh } = input;
  if (peersWh.length < MIN_PEERS) return null;
  const sorted = [...peersWh].sort((a, b) => a - b);
  const medianWh = sorted[Math.floor((sorted.length - 1) / 2)];
  const pct = percentileRank(input.wh, peersWh);
  const kwh = kwhText(input.wh);
  const median = kwhText(medianWh);
  const more = pct >= 50;
  return {
    kind: 'peer_comparison',
    numbers: { percentile: pct, kwh, medianKwh: median, peers: peersWh.length },
    text: {
      'zh-CN': more
        ? `您${input.period}用电${kwh}千瓦时，比同地区同类用户中${pct}%的用户多（同类用户中位数${median}千瓦时）。`
        : `您${input.period}用电${kwh}千瓦时，比同地区同类用户中${100 - pct}%的用户少（同类用户中位数${median}千瓦时），请继续保持。`,
      en: more
        ? `You used ${kwh} kWh in ${input.period}, more than ${pct}% of similar customers in your area (their median: ${median} kWh).`
        : `You used ${kwh} kWh in ${input.period}, less than ${100 - pct}% of similar customers in your area (their median: ${median} kWh). Keep it up.`,
    },
  };
}
