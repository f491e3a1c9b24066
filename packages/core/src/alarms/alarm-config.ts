import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import type { AlarmRuleData, AlarmRuleKind } from './alarm-rule.ts';
import { DEFAULT_COLLECTION_DIAGNOSIS, diagnosisConfigIssues, type CollectionDiagnosisConfig } from './diagnosis.ts';
import { ALARM_RULE_KINDS } from './rules/index.ts';
import { severityIssues } from './severity.ts';

/** Flapping: a cause reopened more than `reopensMax` times within `windowMinutes` is held open until quiet. */
export interface FlappingConfig {
  windowMinutes: number;
  reopensMax: number;
  /** A flapping alarm resolves only after its condition stayed clear this long. */
  quietMinutes: number;
}

/** The whole alarm configuration as data: rules, diagnosis thresholds, flapping. */
export interface AlarmConfigData {
  rules: AlarmRuleData[];
  diagnosis?: Partial<CollectionDiagnosisConfig>;
  flapping?: Partial<FlappingConfig>;
}

/** A rule with its kind looked up, ready to run. */
export interface CompiledAlarmRule {
  data: AlarmRuleData;
  kind: AlarmRuleKind<never>;
}

export interface AlarmConfig {
  rules: readonly CompiledAlarmRule[];
  diagnosis: CollectionDiagnosisConfig;
  flapping: FlappingConfig;
}

export const DEFAULT_FLAPPING: FlappingConfig = { windowMinutes: 24 * 60, reopensMax: 3, quietMinutes: 4 * 60 };
/** More rules than this is a configuration mistake; each rule costs a pass over its input. */
export const ALARM_RULES_MAX = 500;
const ID = /^[a-z0-9][a-z0-9._-]{0,63}$/;

function ruleIssues(r: Partial<AlarmRuleData>, i: number, kinds: ReadonlyMap<string, AlarmRuleKind<never>>): Issue[] {
  const path = `/rules/${i}`;
  const issues: Issue[] = [];
  if (typeof r.id !== 'string' || !ID.test(r.id))
    issues.push({ path: `${path}/id`, message: 'must be a lower-case id' });
  const kind = kinds.get(r.kind as string);
  if (!kind) issues.push({ path: `${path}/kind`, message: `unknown kind; known: ${[...kinds.keys()].join(', ')}` });
  else issues.push(...kind.paramsIssues(r.params, `${path}/params`));
  if (r.workOrder !== undefined) {
    if (typeof r.workOrder?.skill !== 'string' || r.workOrder.skill === '') {
      issues.push({ path: `${path}/workOrder/skill`, message: 'must name a skill' });
    }
    if (r.workOrder?.minSeverity !== undefined)
      issues.push(...severityIssues(r.workOrder.minSeverity, `${path}/workOrder/minSeverity`));
  }
  return issues;
}

/** Validates alarm configuration (every problem at once) and looks up each rule's kind. */
export function compileAlarmConfig(
  data: AlarmConfigData,
  kinds: ReadonlyMap<string, AlarmRuleKind<never>> = ALARM_RULE_KINDS,
): AlarmConfig {
  const issues: Issue[] = [];
  const rules = Array.isArray(data?.rules) ? data.rules : [];
  if (!Array.isArray(data?.rules)) issues.push({ path: '/rules', message: 'must be a list' });
  if (rules.length > ALARM_RULES_MAX) issues.push({ path: '/rules', message: `at most ${ALARM_RULES_MAX} rules` });
  const seen = new Set<string>();
  rules.forEach((r, i) => {
    issues.push(...ruleIssues(r, i, kinds));
    if (seen.has(r.id)) issues.push({ path: `/rules/${i}/id`, message: `duplicate id ${r.id}` });
    seen.add(r.id);
  });
  issues.push(...diagnosisConfigIssues(data?.diagnosis ?? {}, '/diagnosis'));
  const flapping = { ...DEFAULT_FLAPPING, ...data?.flapping };
  for (const k of ['windowMinutes', 'reopensMax', 'quietMinutes'] as const) {
    if (!Number.isInteger(flapping[k]) || flapping[k] < 0)
      issues.push({ path: `/flapping/${k}`, message: 'must be a whole number ≥ 0' });
  }
  assertNoIssues(issues, 'alarm configuration');
  return {
    rules: rules
      .filter((r) => r.enabled !== false)
      .map((r) => ({ data: r, kind: kinds.get(r.kind) as AlarmRuleKind<never> })),
    diagnosis: { ...DEFAULT_COLLECTION_DIAGNOSIS, ...data.diagnosis },
    flapping,
  };
}
