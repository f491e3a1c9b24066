import { divRoundHalfUp, formatYuan, type Fen } from '../../units/money.ts';
import { WH_MICRO_PER_FEN } from '../daily-pricer.ts';
import type { EnergyAdvice } from './energy-advice.ts';
import { kwhText } from './energy-advice.ts';

/** Fewer night intervals than this (a week of 01:00–05:00 at 15 minutes) give no reliable base load. */
export const MIN_NIGHT_INTERVALS = 7 * 16;
const HOURS_PER_YEAR = 8760;

/** The p-th percentile (nearest rank) of integer values. */
export function nearestRankPercentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.max(1, Math.ceil((p * sorted.length) / 100));
  return sorted[rank - 1];
}

/**
 * Standby base load: the 5th percentile of night interval energy is what never switches off
 * (routers, set-top boxes, chargers); over a year it costs base W × 8760 h.
 */
export function standbyLoadAdvice(input: {
  nightIntervalsWh: readonly number[];
  intervalMinutes: number;
  priceMicro: number;
  percentile?: number;
}): EnergyAdvice | null {
  if (input.nightIntervalsWh.length < MIN_NIGHT_INTERVALS) return null;
  const baseWh = nearestRankPercentile(input.nightIntervalsWh, input.percentile ?? 5);
  const baseW = divRoundHalfUp(baseWh * 60, input.intervalMinutes);
  const yearWh = baseW * HOURS_PER_YEAR;
  const yearFen = divRoundHalfUp(yearWh * input.priceMicro, WH_MICRO_PER_FEN) as Fen;
  if (baseW <= 0) return null;
  const kwh = kwhText(yearWh);
  const yuan = formatYuan(yearFen);
  return {
    kind: 'standby_load',
    numbers: { baseW, yearKwh: kwh, yearFen, yearYuan: yuan },
    text: {
      'zh-CN': `您家夜间始终在用的待机负荷约${baseW}瓦，一年约${kwh}千瓦时、${yuan}元。关掉不用电器的待机（如机顶盒、充电器）可以省下其中一部分。`,
      en: `About ${baseW} W in your home never switches off at night: some ${kwh} kWh and ${yuan} yuan a year. Switching off standby devices (set-top boxes, chargers) saves part of it.`,
    },
  };
}
