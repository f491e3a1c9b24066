import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import { CYCLE_STAGES, type CycleStage } from './billing-cycle.ts';
import { durationIssues, type Duration } from './duration.ts';

/**
 * A time limit for one stage, optionally only for one branch (供电所/营业所) and/or customer class.
 * `atRiskShare` (0–1) is how much of the limit may pass before the stage counts as at risk.
 */
export interface StageLimitRule {
  stage: CycleStage;
  branchId?: string;
  customerClass?: string;
  limit: Duration;
  atRiskShare?: number;
}

export const DEFAULT_AT_RISK_SHARE = 0.8;
/** A limits table larger than this is a configuration mistake, not a real table. */
export const STAGE_LIMIT_RULES_MAX = 10_000;
/** Branch/class pairs remembered by a table; more simply start the memory over. */
const RESOLVED_CACHE_MAX = 10_000;

/** Every problem in a limits table at once. */
export function stageLimitIssues(rules: unknown): Issue[] {
  if (!Array.isArray(rules)) return [{ path: '', message: 'must be a list of stage limits' }];
  if (rules.length > STAGE_LIMIT_RULES_MAX) return [{ path: '', message: `at most ${STAGE_LIMIT_RULES_MAX} rules` }];
  const issues: Issue[] = [];
  const seen = new Set<string>();
  rules.forEach((r: Partial<StageLimitRule>, i) => {
    const path = `/${i}`;
    if (!CYCLE_STAGES.includes(r.stage as CycleStage)) issues.push({ path: `${path}/stage`, message: 'unknown stage' });
    issues.push(...durationIssues(r.limit, `${path}/limit`));
    if (r.atRiskShare !== undefined && !(r.atRiskShare > 0 && r.atRiskShare <= 1)) {
      issues.push({ path: `${path}/atRiskShare`, message: 'must be above 0 and at most 1' });
    }
    const key = `${r.stage}|${r.branchId ?? '*'}|${r.customerClass ?? '*'}`;
    if (seen.has(key))
      issues.push({ path, message: 'duplicates an earlier rule for the same stage, branch and class' });
    seen.add(key);
  });
  return issues;
}

/** Validated limits, indexed for the most-specific lookup. */
export class StageLimitTable {
  private readonly byKey = new Map<string, StageLimitRule>();
  private readonly resolved = new Map<string, (StageLimitRule | undefined)[]>();

  constructor(rules: readonly StageLimitRule[]) {
    assertNoIssues(stageLimitIssues(rules), 'stage limits');
    for (const r of rules) this.byKey.set(`${r.stage}|${r.branchId ?? '*'}|${r.customerClass ?? '*'}`, r);
  }

  /**
   * The limit for a stage of a book: branch and class both matching wins, then branch alone, then
   * class alone, then the stage default. A branch's own rules outrank a company-wide class rule
   * because branches set their limits knowing their own customers.
   */
  resolve(stage: CycleStage, branchId: string, customerClass: string): StageLimitRule | undefined {
    // Sweeps ask for the same few branch/class pairs thousands of times: answer all stages at once.
    const key = `${branchId}|${customerClass}`;
    let all = this.resolved.get(key);
    if (!all) {
      if (this.resolved.size >= RESOLVED_CACHE_MAX) this.resolved.clear();
      all = CYCLE_STAGES.map((s) => this.lookup(s, branchId, customerClass));
      this.resolved.set(key, all);
    }
    return all[CYCLE_STAGES.indexOf(stage)];
  }

  private lookup(stage: CycleStage, branchId: string, customerClass: string): StageLimitRule | undefined {
    return (
      this.byKey.get(`${stage}|${branchId}|${customerClass}`) ??
      this.byKey.get(`${stage}|${branchId}|*`) ??
      this.byKey.get(`${stage}|*|${customerClass}`) ??
      this.byKey.get(`${stage}|*|*`)
    );
  }
}
