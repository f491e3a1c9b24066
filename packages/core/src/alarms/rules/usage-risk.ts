import type { Issue } from '../../errors/error-codes.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import { levelAtOrAbove, levelsIssues, type SeverityLevel } from '../severity.ts';
import { asParams, checkOneOf } from './param-checks.ts';

/** levels: threshold = risk score 0–100 from monitoring. */
export interface UsageRiskParams {
  riskKind: 'powerQuality' | 'safeUsage';
  levels: SeverityLevel[];
}

/** A power-quality or safe-usage (安全用电) risk score over its threshold. */
export const usageRiskRule: AlarmRuleKind<UsageRiskParams> = {
  kind: 'usageRisk',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    const p = asParams(params, path, issues);
    checkOneOf(p.riskKind, ['powerQuality', 'safeUsage'], `${path}/riskKind`, issues);
    issues.push(...levelsIssues(p.levels, `${path}/levels`));
    return issues;
  },
  covers: (o) => o.risks !== undefined,
  evaluate(p, ctx, sink) {
    for (const r of ctx.observations.risks ?? []) {
      if (r.riskKind !== p.riskKind) continue;
      const severity = levelAtOrAbove(p.levels, r.score);
      if (!severity) continue;
      const pq = r.riskKind === 'powerQuality';
      sink.report({
        subjectKind: r.subjectKind,
        subjectId: r.subjectId,
        severity,
        value: r.score,
        branchId: r.branchId,
        labels: { riskKind: r.riskKind },
        diagnosis: {
          category: 'customer',
          zh: `${pq ? '电能质量' : '安全用电'}风险评分 ${r.score}，超过阈值${r.detail ? `：${r.detail}` : ''}。`,
          en: `${pq ? 'Power quality' : 'Safe-usage'} risk score ${r.score} is over the threshold${r.detail ? `: ${r.detail}` : ''}.`,
        },
      });
    }
  },
};
