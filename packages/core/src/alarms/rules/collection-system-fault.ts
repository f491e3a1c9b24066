import type { Issue } from '../../errors/error-codes.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import { severityIssues, type Severity } from '../severity.ts';
import { asParams } from './param-checks.ts';

export interface CollectionSystemFaultParams {
  severity: Severity;
}

/** The collection job failed or nearly every concentrator went silent at once: one system alarm. */
export const collectionSystemFaultRule: AlarmRuleKind<CollectionSystemFaultParams> = {
  kind: 'collectionSystemFault',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    issues.push(...severityIssues(asParams(params, path, issues).severity, `${path}/severity`));
    return issues;
  },
  covers: (o) => o.meters !== undefined || o.collectionJob !== undefined,
  evaluate(p, ctx, sink) {
    const system = ctx.collection?.system;
    const job = ctx.observations.collectionJob;
    const failedJob = job?.status === 'failed';
    if (!system && !failedJob) return;
    sink.report({
      subjectKind: 'collectionSystem',
      subjectId: 'master-station',
      severity: p.severity,
      value: ctx.collection?.downCount ?? 0,
      labels: { reason: system?.reason ?? 'jobFailed' },
      diagnosis: system?.diagnosis ?? {
        category: 'system',
        zh: `采集任务 ${job?.jobId} 执行失败（${job?.error ?? '未知错误'}），属于主站系统故障。`,
        en: `Collection job ${job?.jobId} failed (${job?.error ?? 'unknown error'}): a master-station fault.`,
      },
    });
  },
};
