import type { Issue } from '../../errors/error-codes.ts';
import { formatYuan, type Fen } from '../../units/money.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import { levelAtOrAbove, levelsIssues, type SeverityLevel } from '../severity.ts';
import { asParams } from './param-checks.ts';

/** levels: threshold = absolute difference in fen; any unmatched item raises at least the lowest level. */
export interface ReconciliationMismatchParams {
  levels: SeverityLevel[];
}

/** Our payment records and a channel's (bank, online, counter) disagree after reconciliation (对账). */
export const reconciliationMismatchRule: AlarmRuleKind<ReconciliationMismatchParams> = {
  kind: 'reconciliationMismatch',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    issues.push(...levelsIssues(asParams(params, path, issues).levels, `${path}/levels`));
    return issues;
  },
  covers: (o) => o.reconciliations !== undefined,
  evaluate(p, ctx, sink) {
    const lowest = [...p.levels].sort((a, b) => a.threshold - b.threshold)[0];
    for (const r of ctx.observations.reconciliations ?? []) {
      const abs = Math.abs(r.differenceFen);
      const severity = levelAtOrAbove(p.levels, abs) ?? (r.unmatchedCount > 0 ? lowest.severity : undefined);
      if (!severity) continue;
      const yuan = formatYuan(r.differenceFen as Fen);
      sink.report({
        subjectKind: 'reconciliation',
        subjectId: r.key,
        severity,
        value: r.differenceFen,
        branchId: r.branchId,
        labels: { channel: r.channel },
        diagnosis: {
          category: 'finance',
          zh: `${r.channel} 对账不平：差额 ${yuan} 元，未匹配 ${r.unmatchedCount} 笔。`,
          en: `${r.channel} reconciliation mismatch: difference ${yuan} yuan, ${r.unmatchedCount} unmatched items.`,
        },
      });
    }
  },
};
