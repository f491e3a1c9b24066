import type { Issue } from '../errors/error-codes.ts';
import type { CollectionDiagnosis, Diagnosis } from './diagnosis.ts';
import type { AlarmObservations } from './observations.ts';
import type { Severity } from './severity.ts';

/** An alarm rule as configured: which kind of check, its parameters, and whether it needs people. */
export interface AlarmRuleData {
  id: string;
  kind: string;
  enabled?: boolean;
  params: unknown;
  /** When present, alarms of this rule at or above `minSeverity` open a work order needing `skill`. */
  workOrder?: { skill: string; minSeverity?: Severity };
}

/** What a rule reports for one subject whose condition holds now. */
export interface ConditionReport {
  subjectKind: string;
  subjectId: string;
  severity: Severity;
  /** The measured value that triggered it (minutes late, rate, polls, seconds, fen, score). */
  value: number;
  branchId?: string;
  labels?: Readonly<Record<string, string>>;
  diagnosis: Diagnosis;
}

/** Where a rule sends its findings during one sweep. */
export interface ConditionSink {
  report(c: ConditionReport): void;
  /** The condition holds but is explained by a wider fault (terminal or system outage): raise nothing new. */
  suppress(subjectKind: string, subjectId: string): void;
}

/** What every rule sees in one sweep besides its parameters. */
export interface RuleContext {
  observations: AlarmObservations;
  /** Present whenever the observations hold a meter frame. */
  collection?: CollectionDiagnosis;
}

/**
 * One kind of alarm check. Each kind lives in its own module under rules/ and is chosen by the
 * `kind` field of the rule data.
 */
export interface AlarmRuleKind<P = unknown> {
  readonly kind: string;
  /** Every problem with the parameters, located under `path`. */
  paramsIssues(params: unknown, path: string): Issue[];
  /** False when the observations lack this kind's input; its open alarms are then left untouched. */
  covers(observations: AlarmObservations): boolean;
  /** Reports every subject whose condition holds now. */
  evaluate(params: P, ctx: RuleContext, sink: ConditionSink): void;
}

/** The cause key: at most one open alarm exists per key. */
export const causeKeyOf = (ruleId: string, subjectKind: string, subjectId: string): string =>
  `${ruleId}|${subjectKind}|${subjectId}`;
