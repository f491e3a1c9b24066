import { QUALITY } from '../../quality-flag.ts';
import { slotRanges, veeException, type VeeRule } from '../vee-rule.ts';

/** Fires on negative interval values: a forward or reverse channel counts energy one way only. */
export const negativeConsumptionRule: VeeRule<{ minValueWh: number }> = {
  id: 'negative-consumption',
  description: 'Negative interval value on a one-directional channel',
  defaults: { minValueWh: 0 },
  check(day, params) {
    const { values, quality } = day.block;
    const slots: number[] = [];
    for (let i = 0; i < values.length; i++) {
      if (quality[i] !== QUALITY.MISSING && values[i] < params.minValueWh) slots.push(i);
    }
    if (slots.length === 0) return [];
    return [
      veeException('negative-consumption', day, {
        severity: 'error',
        detail: `${slots.length} slot(s) below ${params.minValueWh}: ${slotRanges(slots)}`,
        slots,
        repair: 'estimate',
      }),
    ];
  },
};
