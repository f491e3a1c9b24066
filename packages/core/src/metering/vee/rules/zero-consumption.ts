import { addDays } from '../../../time/zone.ts';
import { blockTotals, type IntervalBlock } from '../../interval-block.ts';
import { veeException, type VeeRule } from '../vee-rule.ts';

/** Fires when an occupied premise has used nothing for N days in a row (dead meter, bypass, or a vacancy not recorded). */
export const zeroConsumptionRule: VeeRule<{ days: number }> = {
  id: 'zero-consumption',
  description: 'Zero consumption for N consecutive days at an occupied premise',
  defaults: { days: 3 },
  check(day, params) {
    if (!day.premiseOccupied) return [];
    const byDate = new Map<string, IntervalBlock>();
    for (const h of day.history) byDate.set(h.date, h);
    byDate.set(day.block.date, day.block);
    let run = 0;
    let date = day.block.date;
    while (run < params.days) {
      const b = byDate.get(date);
      if (!b) break;
      const t = blockTotals(b);
      if (t.sum !== 0 || t.missing === b.values.length) break;
      run++;
      date = addDays(date, -1);
    }
    if (run < params.days) return [];
    return [
      veeException('zero-consumption', day, {
        severity: 'warning',
        detail: `no consumption for ${run} day(s) up to ${day.block.date}`,
      }),
    ];
  },
};
