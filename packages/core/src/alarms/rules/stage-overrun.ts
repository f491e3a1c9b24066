import type { Issue } from '../../errors/error-codes.ts';
import { CYCLE_STAGES, STAGE_NAMES_ZH, type CycleStage } from '../../workflow/billing-cycle.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import { levelAtOrAbove, levelsIssues, severityIssues, type Severity, type SeverityLevel } from '../severity.ts';
import { asParams } from './param-checks.ts';

/** levels: threshold = minutes late (on the limit's basis); atRiskSeverity raises a warning before the deadline. */
export interface StageOverrunParams {
  stages?: CycleStage[];
  levels: SeverityLevel[];
  atRiskSeverity?: Severity;
}

/** A running stage of a reading book's cycle past (or close to) its time limit. */
export const stageOverrunRule: AlarmRuleKind<StageOverrunParams> = {
  kind: 'stageOverrun',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    const p = asParams(params, path, issues);
    issues.push(...levelsIssues(p.levels, `${path}/levels`));
    if (p.atRiskSeverity !== undefined) issues.push(...severityIssues(p.atRiskSeverity, `${path}/atRiskSeverity`));
    if (p.stages !== undefined && (!Array.isArray(p.stages) || p.stages.some((s) => !CYCLE_STAGES.includes(s)))) {
      issues.push({ path: `${path}/stages`, message: `must list stages among ${CYCLE_STAGES.join(', ')}` });
    }
    return issues;
  },
  covers: (o) => o.stages !== undefined,
  evaluate(p, ctx, sink) {
    for (const e of ctx.observations.stages ?? []) {
      if (e.finished || (p.stages && !p.stages.includes(e.stage))) continue;
      const severity =
        e.status === 'overrun'
          ? levelAtOrAbove(p.levels, e.lateMinutes)
          : e.status === 'atRisk'
            ? p.atRiskSeverity
            : undefined;
      if (!severity) continue;
      const deadline = e.deadline?.toISOString() ?? '';
      const late = e.status === 'overrun';
      sink.report({
        subjectKind: 'cycleStage',
        subjectId: `${e.readingBookId}/${e.cycle}/${e.stage}`,
        severity,
        value: e.lateMinutes,
        branchId: e.branchId,
        labels: { readingBookId: e.readingBookId, cycle: e.cycle, stage: e.stage, status: e.status },
        diagnosis: {
          category: 'process',
          zh: late
            ? `抄表段 ${e.readingBookId} ${e.cycle} 的${STAGE_NAMES_ZH[e.stage]}环节已超期 ${e.lateMinutes} 分钟（时限 ${deadline}）。`
            : `抄表段 ${e.readingBookId} ${e.cycle} 的${STAGE_NAMES_ZH[e.stage]}环节已用时限的 ${Math.round(e.usedShare * 100)}%，临近超期（时限 ${deadline}）。`,
          en: late
            ? `Reading book ${e.readingBookId} ${e.cycle}: stage ${e.stage} is ${e.lateMinutes} min past its deadline ${deadline}.`
            : `Reading book ${e.readingBookId} ${e.cycle}: stage ${e.stage} has used ${Math.round(e.usedShare * 100)}% of its limit (deadline ${deadline}).`,
        },
      });
    }
  },
};
