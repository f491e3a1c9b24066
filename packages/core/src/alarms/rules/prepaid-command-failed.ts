import type { Issue } from '../../errors/error-codes.ts';
import type { AlarmRuleKind } from '../alarm-rule.ts';
import { levelAtOrAbove, levelsIssues, SEVERITIES, severityRank, type SeverityLevel } from '../severity.ts';
import { asParams } from './param-checks.ts';

/** levels: threshold = attempts made; a failed close (customer paid, still without power) ranks one level higher. */
export interface PrepaidCommandFailedParams {
  levels: SeverityLevel[];
  closeOneLevelHigher?: boolean;
}

/** A prepaid remote trip (拉闸) or close (合闸) command that failed or timed out. */
export const prepaidCommandFailedRule: AlarmRuleKind<PrepaidCommandFailedParams> = {
  kind: 'prepaidCommandFailed',
  paramsIssues(params, path) {
    const issues: Issue[] = [];
    issues.push(...levelsIssues(asParams(params, path, issues).levels, `${path}/levels`));
    return issues;
  },
  covers: (o) => o.prepaidCommands !== undefined,
  evaluate(p, ctx, sink) {
    for (const c of ctx.observations.prepaidCommands ?? []) {
      if (c.status === 'pending') continue;
      let severity = levelAtOrAbove(p.levels, c.attempts);
      if (!severity) continue;
      const close = c.command === 'close';
      if (close && (p.closeOneLevelHigher ?? true))
        severity = SEVERITIES[Math.min(SEVERITIES.length - 1, severityRank(severity) + 1)];
      sink.report({
        subjectKind: 'prepaidCommand',
        subjectId: `${c.meterId}/${c.command}`,
        severity,
        value: c.attempts,
        branchId: c.branchId,
        labels: { accountId: c.accountId, meterId: c.meterId, command: c.command, commandId: c.commandId },
        diagnosis: {
          category: 'terminal',
          zh: `户号 ${c.accountId} 电表 ${c.meterId} 远程${close ? '合闸' : '拉闸'}命令${c.status === 'timedOut' ? '超时' : '失败'}（已尝试 ${c.attempts} 次）${close ? '：客户已缴费仍未复电，需尽快处理' : ''}。`,
          en: `Account ${c.accountId} meter ${c.meterId}: remote ${c.command} ${c.status === 'timedOut' ? 'timed out' : 'failed'} after ${c.attempts} attempts${close ? ': the customer paid and is still without power' : ''}.`,
        },
      });
    }
  },
};
