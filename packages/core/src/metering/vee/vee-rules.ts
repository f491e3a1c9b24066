import type { RuleParams, VeeRule, VeeRuleId } from './vee-rule.ts';
import { missingIntervalsRule } from './rules/missing-intervals.ts';
import { spikeRule } from './rules/spike.ts';
import { negativeConsumptionRule } from './rules/negative-consumption.ts';
import { registerBackwardsRule } from './rules/register-backwards.ts';
import { zeroConsumptionRule } from './rules/zero-consumption.ts';
import { intervalRegisterMismatchRule } from './rules/interval-register-mismatch.ts';
import { clockDriftRule } from './rules/clock-drift.ts';

/** Every validation rule by id, in the order they run; configuration chooses which are on and with what params. */
export const VEE_RULES: Readonly<Record<VeeRuleId, VeeRule<RuleParams>>> = {
  'missing-intervals': missingIntervalsRule as unknown as VeeRule<RuleParams>,
  spike: spikeRule as unknown as VeeRule<RuleParams>,
  'negative-consumption': negativeConsumptionRule as unknown as VeeRule<RuleParams>,
  'register-backwards': registerBackwardsRule as unknown as VeeRule<RuleParams>,
  'zero-consumption': zeroConsumptionRule as unknown as VeeRule<RuleParams>,
  'interval-register-mismatch': intervalRegisterMismatchRule as unknown as VeeRule<RuleParams>,
  'clock-drift': clockDriftRule as unknown as VeeRule<RuleParams>,
};
