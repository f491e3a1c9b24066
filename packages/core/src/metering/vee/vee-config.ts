import { AppError, type Issue } from '../../errors/error-codes.ts';
import type { RuleParams, VeeRule, VeeRuleId } from './vee-rule.ts';
import { VEE_RULES } from './vee-rules.ts';

/** How gaps and distrusted slots are filled. */
export interface EstimationParams {
  /** Gaps up to this many slots with values on both sides are linearly interpolated. */
  maxLinearSlots: number;
  /** Longer gaps use the same slot on same-day-type days (weekday / weekend) of this many previous weeks. */
  historyWeeks: number;
  /** Scale estimates so the day's total matches the register advance when it is known. */
  prorateToRegister: boolean;
}

export const DEFAULT_ESTIMATION: EstimationParams = { maxLinearSlots: 4, historyWeeks: 4, prorateToRegister: true };

/** VEE configuration as data (e.g. a JSON document): rules switched on or off with partial params. */
export interface VeeConfig {
  rules?: Partial<Record<VeeRuleId, { enabled?: boolean; params?: RuleParams }>>;
  estimation?: Partial<EstimationParams>;
}

export interface ResolvedRule {
  rule: VeeRule<RuleParams>;
  params: RuleParams;
}

export interface ResolvedVeeConfig {
  rules: ResolvedRule[];
  estimation: EstimationParams;
}

/** Checks a VEE configuration against the rules' defaults (every problem at once) and fills in what it leaves out. */
export function resolveVeeConfig(config: VeeConfig = {}): ResolvedVeeConfig {
  const issues: Issue[] = [];
  const given = config.rules ?? {};
  for (const id of Object.keys(given)) {
    if (!(id in VEE_RULES)) issues.push({ path: `/rules/${id}`, message: 'no such rule' });
  }
  const rules: ResolvedRule[] = [];
  for (const rule of Object.values(VEE_RULES)) {
    const entry = given[rule.id] ?? {};
    const params = { ...rule.defaults };
    for (const [k, v] of Object.entries(entry.params ?? {})) {
      const path = `/rules/${rule.id}/params/${k}`;
      if (!(k in rule.defaults)) issues.push({ path, message: 'unknown parameter' });
      else if (typeof v !== typeof rule.defaults[k])
        issues.push({ path, message: `must be a ${typeof rule.defaults[k]}` });
      else if (typeof v === 'number' && !Number.isFinite(v)) issues.push({ path, message: 'must be finite' });
      else params[k] = v;
    }
    if (entry.enabled !== false) rules.push({ rule, params });
  }
  const estimation = { ...DEFAULT_ESTIMATION, ...config.estimation };
  if (!Number.isInteger(estimation.maxLinearSlots) || estimation.maxLinearSlots < 0) {
    issues.push({ path: '/estimation/maxLinearSlots', message: 'must be a whole number ≥ 0' });
  }
  if (!Number.isInteger(estimation.historyWeeks) || estimation.historyWeeks < 0) {
    issues.push({ path: '/estimation/historyWeeks', message: 'must be a whole number ≥ 0' });
  }
  if (issues.length)
    throw new AppError('VALIDATION_FAILED', `VEE configuration: ${issues[0].path}: ${issues[0].message}`, issues);
  return { rules, estimation };
}
