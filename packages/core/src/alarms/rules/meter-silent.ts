import type { Issue } from '../../errors/error-codes.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import { levelAtOrAbove, levelsIssues, type SeverityLevel } from '../severity.ts';
import { meterBranch } from './meter-branch.ts';
import { asParams } from './param-checks.ts';

/** levels: threshold = consecutive polls without data. */
export interface MeterSilentParams {
  levels: SeverityLevel[];
}

/**
 * A meter that stopped answering while its concentrator's other meters answer. Silence explained by
 * a concentrator or system outage is suppressed: that outage has its own single alarm.
 */
export const meterSilentRule: AlarmRuleKind<MeterSilentParams> = {
  kind: 'meterSilent',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    issues.push(...levelsIssues(asParams(params, path, issues).levels, `${path}/levels`));
    return issues;
  },
  covers: (o) => o.meters !== undefined,
  evaluate(p, ctx, sink) {
    const f = ctx.observations.meters;
    const d = ctx.collection;
    if (!f || !d) return;
    let minThreshold = Infinity;
    for (const l of p.levels) minThreshold = Math.min(minThreshold, l.threshold);
    const silent = f.silentPolls;
    for (let i = 0; i < silent.length; i++) {
      const polls = silent[i];
      if (polls === 0 || polls < minThreshold) continue;
      const c = f.concentratorIndex[i];
      if (d.system || (c >= 0 && d.concentratorDown[c] === 1)) {
        sink.suppress('meter', f.meterIds[i]);
        continue;
      }
      const severity = levelAtOrAbove(p.levels, polls);
      if (!severity) continue;
      const id = f.meterIds[i];
      const via = c >= 0 ? f.concentratorIds[c] : '';
      sink.report({
        subjectKind: 'meter',
        subjectId: id,
        severity,
        value: polls,
        branchId: meterBranch(f, i),
        labels: c >= 0 ? { concentratorId: via } : undefined,
        diagnosis: {
          category: 'meter',
          zh: `电表 ${id} 连续 ${polls} 轮未回数据${via ? `，同一集中器 ${via} 下其他电表正常` : ''}：判断为电表或其通信模块故障。`,
          en: `Meter ${id} silent for ${polls} polls${via ? ` while other meters behind ${via} answer` : ''}: the meter or its communication module has failed.`,
        },
      });
    }
  },
};
