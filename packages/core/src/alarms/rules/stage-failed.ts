import type { Issue } from '../../errors/error-codes.ts';
import { CYCLE_STAGES, STAGE_NAMES_ZH, type CycleStage } from '../../workflow/billing-cycle.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import { severityIssues, type Severity } from '../severity.ts';
import { asParams } from './param-checks.ts';

export interface StageFailedParams {
  stages?: CycleStage[];
  severity: Severity;
}

/** A stage that ended in failure and was not restarted (a failed bill run, a failed collection job). */
export const stageFailedRule: AlarmRuleKind<StageFailedParams> = {
  kind: 'stageFailed',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    const p = asParams(params, path, issues);
    issues.push(...severityIssues(p.severity, `${path}/severity`));
    if (p.stages !== undefined && (!Array.isArray(p.stages) || p.stages.some((s) => !CYCLE_STAGES.includes(s)))) {
      issues.push({ path: `${path}/stages`, message: `must list stages among ${CYCLE_STAGES.join(', ')}` });
    }
    return issues;
  },
  covers: (o) => o.stages !== undefined,
  evaluate(p, ctx, sink) {
    for (const e of ctx.observations.stages ?? []) {
      if (e.status !== 'failed' || (p.stages && !p.stages.includes(e.stage))) continue;
      sink.report({
        subjectKind: 'cycleStage',
        subjectId: `${e.readingBookId}/${e.cycle}/${e.stage}`,
        severity: p.severity,
        value: 1,
        branchId: e.branchId,
        labels: { readingBookId: e.readingBookId, cycle: e.cycle, stage: e.stage },
        diagnosis: {
          category: e.stage === 'collection' ? 'system' : 'process',
          zh: `抄表段 ${e.readingBookId} ${e.cycle} 的${STAGE_NAMES_ZH[e.stage]}执行失败，尚未重新执行（操作人 ${e.actor ?? '未知'}）。`,
          en: `Reading book ${e.readingBookId} ${e.cycle}: stage ${e.stage} failed and has not been rerun (actor ${e.actor ?? 'unknown'}).`,
        },
      });
    }
  },
};
