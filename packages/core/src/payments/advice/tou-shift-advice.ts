import { divRoundHalfUp, formatYuan, mulDivRoundHalfUp, type Fen } from '../../units/money.ts';
import { WH_MICRO_PER_FEN } from '../daily-pricer.ts';
import type { EnergyAdvice } from './energy-advice.ts';
import { kwhText } from './energy-advice.ts';

/** What shifting part of the peak energy to the valley would save at the given prices. */
export function touShiftAdvice(input: {
  peakWh: number;
  /** Share of peak energy moved, in per mille (200 = 20 %). */
  shiftPermille: number;
  peakPriceMicro: number;
  valleyPriceMicro: number;
  period: string;
}): EnergyAdvice | null {
  const spread = input.peakPriceMicro - input.valleyPriceMicro;
  if (spread <= 0 || input.peakWh <= 0 || input.shiftPermille <= 0) return null;
  const shiftedWh = mulDivRoundHalfUp(input.peakWh, input.shiftPermille, 1000);
  const savingFen = divRoundHalfUp(shiftedWh * spread, WH_MICRO_PER_FEN) as Fen;
  const pct = `${input.shiftPermille / 10}`;
  const kwh = kwhText(shiftedWh);
  const yuan = formatYuan(savingFen);
  const peak = formatYuan(divRoundHalfUp(input.peakPriceMicro, 10_000) as Fen);
  const valley = formatYuan(divRoundHalfUp(input.valleyPriceMicro, 10_000) as Fen);
  return {
    kind: 'tou_shift',
    numbers: { shiftedKwh: kwh, savingFen, savingYuan: yuan, shiftPercent: pct },
    text: {
      'zh-CN': `如果把${input.period}高峰用电的${pct}%（约${kwh}千瓦时）改到低谷时段使用（洗衣、烧水、充电等），按高峰${peak}元、低谷${valley}元每千瓦时计算，可节省约${yuan}元。`,
      en: `Moving ${pct}% of your peak use in ${input.period} (about ${kwh} kWh) to valley hours — laundry, water heating, charging — would save about ${yuan} yuan at ${peak} yuan peak and ${valley} yuan valley per kWh.`,
    },
  };
}
