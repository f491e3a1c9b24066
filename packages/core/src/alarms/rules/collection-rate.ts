import type { Issue } from '../../errors/error-codes.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import { levelBelow, levelsIssues, type SeverityLevel } from '../severity.ts';
import { asParams, checkNumber, checkOneOf } from './param-checks.ts';

/** levels: threshold = collection success rate (0–1) below which the level applies. */
export interface CollectionRateParams {
  scope: 'readingBook' | 'concentrator';
  levels: SeverityLevel[];
  minMeters?: number;
}

/**
 * Share of meters that answered this poll, per reading book or per concentrator. Concentrators
 * already judged down, and every group during a system fault, are left to their own alarm.
 */
export const collectionRateRule: AlarmRuleKind<CollectionRateParams> = {
  kind: 'collectionRate',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    const p = asParams(params, path, issues);
    checkOneOf(p.scope, ['readingBook', 'concentrator'], `${path}/scope`, issues);
    issues.push(...levelsIssues(p.levels, `${path}/levels`));
    checkNumber(p.minMeters, `${path}/minMeters`, issues, { min: 1, integer: true, optional: true });
    return issues;
  },
  covers: (o) => o.meters !== undefined,
  evaluate(p, ctx, sink) {
    const f = ctx.observations.meters;
    const d = ctx.collection;
    if (!f || !d) return;
    const byBook = p.scope === 'readingBook';
    const ids = byBook ? f.readingBookIds : f.concentratorIds;
    const group = byBook ? f.readingBookIndex : f.concentratorIndex;
    const total = new Int32Array(ids.length);
    const answered = new Int32Array(ids.length);
    for (let i = 0; i < group.length; i++) {
      const g = group[i];
      if (g < 0) continue;
      total[g]++;
      if (f.silentPolls[i] === 0) answered[g]++;
    }
    for (let g = 0; g < ids.length; g++) {
      if (total[g] === 0 || total[g] < (p.minMeters ?? 1)) continue;
      const rate = answered[g] / total[g];
      const severity = levelBelow(p.levels, rate);
      if (!severity) continue;
      if (d.system || (!byBook && d.concentratorDown[g] === 1)) {
        sink.suppress(p.scope, ids[g]);
        continue;
      }
      const pct = (rate * 100).toFixed(1);
      const what = byBook ? `抄表段 ${ids[g]}` : `集中器 ${ids[g]}`;
      sink.report({
        subjectKind: p.scope,
        subjectId: ids[g],
        severity,
        value: rate,
        branchId: byBook ? f.readingBookBranchIds?.[g] : f.concentratorBranchIds?.[g],
        diagnosis: {
          category: byBook ? 'data' : 'terminal',
          zh: `${what} 本轮采集成功率 ${pct}%（${answered[g]}/${total[g]}），低于要求。`,
          en: `${byBook ? 'Reading book' : 'Concentrator'} ${ids[g]}: collection success ${pct}% (${answered[g]}/${total[g]}) this poll, below the limit.`,
        },
      });
    }
  },
};
