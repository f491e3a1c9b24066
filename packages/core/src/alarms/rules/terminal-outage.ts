import type { Issue } from '../../errors/error-codes.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import { terminalDiagnosis } from '../diagnosis.ts';
import { severityIssues, type Severity } from '../severity.ts';
import { asParams } from './param-checks.ts';

export interface TerminalOutageParams {
  severity: Severity;
}

/** One alarm per concentrator judged down by the collection diagnosis, instead of one per meter. */
export const terminalOutageRule: AlarmRuleKind<TerminalOutageParams> = {
  kind: 'terminalOutage',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    issues.push(...severityIssues(asParams(params, path, issues).severity, `${path}/severity`));
    return issues;
  },
  covers: (o) => o.meters !== undefined,
  evaluate(p, ctx, sink) {
    const f = ctx.observations.meters;
    const d = ctx.collection;
    if (!f || !d) return;
    for (let c = 0; c < d.concentratorDown.length; c++) {
      if (d.concentratorDown[c] !== 1) continue;
      if (d.system) {
        sink.suppress('concentrator', f.concentratorIds[c]);
        continue;
      }
      sink.report({
        subjectKind: 'concentrator',
        subjectId: f.concentratorIds[c],
        severity: p.severity,
        value: d.silentPerConcentrator[c],
        branchId: f.concentratorBranchIds?.[c],
        diagnosis: terminalDiagnosis(f, d, c),
      });
    }
  },
};
