import { QUALITY } from '../../quality-flag.ts';
import { slotRanges, veeException, type VeeRule } from '../vee-rule.ts';

/** Fires when more slots are missing than allowed; the gaps are handed to estimation. */
export const missingIntervalsRule: VeeRule<{ maxMissingSlots: number }> = {
  id: 'missing-intervals',
  description: 'Interval slots without a value',
  defaults: { maxMissingSlots: 0 },
  check(day, params) {
    const missing: number[] = [];
    const q = day.block.quality;
    for (let i = 0; i < q.length; i++) if (q[i] === QUALITY.MISSING) missing.push(i);
    if (missing.length <= params.maxMissingSlots) return [];
    return [
      veeException('missing-intervals', day, {
        severity: 'warning',
        detail: `${missing.length} of ${q.length} slots missing: ${slotRanges(missing)}`,
        slots: missing,
        repair: 'estimate',
      }),
    ];
  },
};
