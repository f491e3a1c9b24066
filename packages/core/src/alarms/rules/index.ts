import type { AlarmRuleKind } from '../alarm-rule.ts';
import { clockDriftRule } from './clock-drift.ts';
import { collectionRateRule } from './collection-rate.ts';
import { collectionSystemFaultRule } from './collection-system-fault.ts';
import { meterEventRule } from './meter-event.ts';
import { meterSilentRule } from './meter-silent.ts';
import { prepaidCommandFailedRule } from './prepaid-command-failed.ts';
import { reconciliationMismatchRule } from './reconciliation-mismatch.ts';
import { stageFailedRule } from './stage-failed.ts';
import { stageOverrunRule } from './stage-overrun.ts';
import { terminalOutageRule } from './terminal-outage.ts';
import { usageRiskRule } from './usage-risk.ts';
import { veeExceptionRateRule } from './vee-exception-rate.ts';

/** Every rule kind, by the `kind` name used in rule data. */
export const ALARM_RULE_KINDS: ReadonlyMap<string, AlarmRuleKind<never>> = new Map(
  [
    stageOverrunRule,
    stageFailedRule,
    veeExceptionRateRule,
    collectionRateRule,
    meterSilentRule,
    terminalOutageRule,
    collectionSystemFaultRule,
    clockDriftRule,
    meterEventRule,
    prepaidCommandFailedRule,
    reconciliationMismatchRule,
    usageRiskRule,
  ].map((k) => [k.kind, k as AlarmRuleKind<never>]),
);
