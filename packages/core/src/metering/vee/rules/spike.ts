import { addDays } from '../../../time/zone.ts';
import { QUALITY, isTrusted } from '../../quality-flag.ts';
import { slotRanges, veeException, type VeeRule } from '../vee-rule.ts';

type SpikeParams = {
  factor: number;
  minSpikeWh: number;
  historyDays: number;
  minHistoryDays: number;
  quantile: number;
};

/** Fires on values far above the meter's own recent high (a quantile of its history), so each meter is judged by its own load. */
export const spikeRule: VeeRule<SpikeParams> = {
  id: 'spike',
  description: "Interval value far above the meter's own history",
  defaults: { factor: 4, minSpikeWh: 200, historyDays: 28, minHistoryDays: 7, quantile: 0.98 },
  check(day, params) {
    const reference = historyQuantile(day, params);
    if (reference === null) return [];
    const threshold = Math.max(params.factor * reference, params.minSpikeWh);
    const { values, quality } = day.block;
    const slots: number[] = [];
    for (let i = 0; i < values.length; i++) {
      if (quality[i] !== QUALITY.MISSING && values[i] > threshold) slots.push(i);
    }
    if (slots.length === 0) return [];
    const peak = Math.max(...slots.map((s) => values[s]));
    return [
      veeException('spike', day, {
        severity: 'warning',
        detail: `${slots.length} slot(s) above ${Math.round(threshold)} (peak ${peak}, history q${params.quantile} = ${reference}): ${slotRanges(slots)}`,
        slots,
        repair: 'estimate',
      }),
    ];
  },
};

function historyQuantile(day: Parameters<VeeRule['check']>[0], params: SpikeParams): number | null {
  const from = addDays(day.block.date, -params.historyDays);
  const sample: number[] = [];
  let days = 0;
  for (const h of day.history) {
    if (h.date < from || h.date >= day.block.date) continue;
    days++;
    for (let i = 0; i < h.values.length; i++) if (isTrusted(h.quality[i])) sample.push(h.values[i]);
  }
  if (days < params.minHistoryDays || sample.length === 0) return null;
  sample.sort((a, b) => a - b);
  return sample[Math.min(sample.length - 1, Math.floor(params.quantile * sample.length))];
}
