import { dayNumber } from './day-number.ts';
import type { Issue } from '../errors/error-codes.ts';
import type { BillingDeterminants } from './determinants.ts';
import type { CompiledTariff } from './pricing-plan.ts';

/**
 * Problems between a tariff and a set of determinants (missing kWh per period, no kvarh for the
 * power factor, an unpriced basic-charge method), asked of each rule in force. For the boundary;
 * bulk runs validate determinants where they are produced.
 */
export function checkDeterminants(tariff: CompiledTariff, d: BillingDeterminants): Issue[] {
  const from = dayNumber(d.periodFrom);
  const to = dayNumber(d.periodTo);
  const seen = new Set<string>();
  const issues: Issue[] = [];
  if (d.activeWh !== undefined && d.touWh !== undefined)
    issues.push({ path: '/kwh', message: 'give either a total or kWh per period' });
  if (tariff.plans[0].fromDay > from) {
    issues.push({
      path: '/period/from',
      message: `before the first version of tariff ${tariff.id} (${tariff.plans[0].effectiveFrom})`,
    });
  }
  for (const plan of tariff.plans) {
    if (plan.untilDay <= from || plan.fromDay >= to) continue;
    for (const rule of plan.rules) {
      for (const issue of rule.checkDeterminants?.(d) ?? []) {
        const key = `${issue.path}\u0000${issue.message}`;
        if (!seen.has(key)) issues.push(issue);
        seen.add(key);
      }
    }
  }
  return issues;
}
