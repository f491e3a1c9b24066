import type { Issue } from '../../errors/error-codes.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import { levelAtOrAbove, levelsIssues, type SeverityLevel } from '../severity.ts';
import { asParams, checkNumber } from './param-checks.ts';

/** levels: threshold = share of reads flagged by reading review (VEE), 0–1; minReads avoids alarms on tiny books. */
export interface VeeExceptionRateParams {
  levels: SeverityLevel[];
  minReads?: number;
}

/** Too many reads of a reading book failing validation: a data fault, not a system one. */
export const veeExceptionRateRule: AlarmRuleKind<VeeExceptionRateParams> = {
  kind: 'veeExceptionRate',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    const p = asParams(params, path, issues);
    issues.push(...levelsIssues(p.levels, `${path}/levels`));
    checkNumber(p.minReads, `${path}/minReads`, issues, { min: 1, integer: true, optional: true });
    return issues;
  },
  covers: (o) => o.readingReviews !== undefined,
  evaluate(p, ctx, sink) {
    for (const r of ctx.observations.readingReviews ?? []) {
      if (r.readsChecked === 0 || r.readsChecked < (p.minReads ?? 1)) continue;
      const rate = r.exceptions / r.readsChecked;
      const severity = levelAtOrAbove(p.levels, rate);
      if (!severity) continue;
      const pct = (rate * 100).toFixed(1);
      sink.report({
        subjectKind: 'readingBookCycle',
        subjectId: `${r.readingBookId}/${r.cycle}`,
        severity,
        value: rate,
        branchId: r.branchId,
        labels: { readingBookId: r.readingBookId, cycle: r.cycle, stage: 'readingReview' },
        diagnosis: {
          category: 'data',
          zh: `抄表段 ${r.readingBookId} ${r.cycle} 审核异常 ${r.exceptions}/${r.readsChecked}（${pct}%）：数据本身有问题（示数突变、倒走、缺失），采集系统运行正常。`,
          en: `Reading book ${r.readingBookId} ${r.cycle}: ${r.exceptions} of ${r.readsChecked} reads (${pct}%) failed review: a data fault (jumps, reversals, gaps), the collection system ran.`,
        },
      });
    }
  },
};
