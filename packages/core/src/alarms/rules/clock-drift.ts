import type { Issue } from '../../errors/error-codes.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import { CLOCK_DRIFT_UNKNOWN } from '../observations.ts';
import { levelAtOrAbove, levelsIssues, type SeverityLevel } from '../severity.ts';
import { meterBranch } from './meter-branch.ts';
import { asParams } from './param-checks.ts';

/** levels: threshold = absolute drift of the meter clock in seconds. */
export interface ClockDriftParams {
  levels: SeverityLevel[];
}

/** A meter clock off by more than the limit: TOU periods and daily freezes would fall in the wrong place. */
export const clockDriftRule: AlarmRuleKind<ClockDriftParams> = {
  kind: 'clockDrift',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    issues.push(...levelsIssues(asParams(params, path, issues).levels, `${path}/levels`));
    return issues;
  },
  covers: (o) => o.meters !== undefined,
  evaluate(p, ctx, sink) {
    const f = ctx.observations.meters;
    if (!f) return;
    let min = Infinity;
    for (const l of p.levels) min = Math.min(min, l.threshold);
    const drift = f.clockDriftS;
    for (let i = 0; i < drift.length; i++) {
      const v = drift[i];
      if (v === CLOCK_DRIFT_UNKNOWN) continue;
      const abs = v < 0 ? -v : v;
      if (abs < min) continue;
      const severity = levelAtOrAbove(p.levels, abs);
      if (!severity) continue;
      const id = f.meterIds[i];
      sink.report({
        subjectKind: 'meter',
        subjectId: id,
        severity,
        value: v,
        branchId: meterBranch(f, i),
        diagnosis: {
          category: 'meter',
          zh: `电表 ${id} 时钟偏差 ${v} 秒，超过限值：需远程对时（广播校时）或现场处理时钟电池。`,
          en: `Meter ${id} clock is off by ${v} s, beyond the limit: send a time sync or check its clock battery on site.`,
        },
      });
    }
  },
};
