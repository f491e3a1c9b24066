import { blockTotals } from '../../interval-block.ts';
import { registerResolutionWh } from '../../register-spec.ts';
import { dayRegisterDelta } from '../day-register-delta.ts';
import { veeException, type VeeRule } from '../vee-rule.ts';

type Params = { toleranceWh: number; tolerancePercent: number };

/** Fires when a complete day's interval sum disagrees with the register advance beyond the tolerance. */
export const intervalRegisterMismatchRule: VeeRule<Params> = {
  id: 'interval-register-mismatch',
  description: 'Sum of intervals differs from the register delta',
  defaults: { toleranceWh: 20, tolerancePercent: 2 },
  check(day, params) {
    const reg = day.register;
    if (!reg) return [];
    const t = blockTotals(day.block);
    if (t.missing > 0) return [];
    const delta = dayRegisterDelta(reg);
    if (delta === null) return [];
    const allowed =
      Math.max(params.toleranceWh, (Math.abs(delta) * params.tolerancePercent) / 100) + registerResolutionWh(reg.spec);
    const diff = t.sum - delta;
    if (Math.abs(diff) <= allowed) return [];
    return [
      veeException('interval-register-mismatch', day, {
        severity: 'warning',
        detail: `intervals sum to ${t.sum} Wh, register advanced ${delta} Wh (difference ${diff}, allowed ±${Math.round(allowed)})`,
      }),
    ];
  },
};
