import type { Severity } from '../alarms/severity.ts';
import { severityRank } from '../alarms/severity.ts';
import { findOnDuty, type DutyShift } from './duty-roster.ts';

/**
 * Who first receives work, as data: the first rule matching skill, branch and severity names a
 * role (and optionally another branch, e.g. the metering centre for all terminal work).
 */
export interface AssignmentRule {
  skill?: string;
  branchId?: string;
  minSeverity?: Severity;
  role: string;
  routeToBranchId?: string;
}

/** What a new piece of work needs. */
export interface WorkNeed {
  skill: string;
  branchId?: string;
  severity: Severity;
}

/** The receiving role and branch, and the on-duty person if any, for a piece of work. */
export function assignWork(
  rules: readonly AssignmentRule[],
  roster: readonly DutyShift[],
  need: WorkNeed,
  at: Date,
): { role: string; branchId?: string; staffId?: string } {
  const rule = rules.find(
    (r) =>
      (r.skill === undefined || r.skill === need.skill) &&
      (r.branchId === undefined || r.branchId === need.branchId) &&
      (r.minSeverity === undefined || severityRank(need.severity) >= severityRank(r.minSeverity)),
  );
  const role = rule?.role ?? 'dispatcher';
  const branchId = rule?.routeToBranchId ?? need.branchId;
  const person = findOnDuty(roster, { role, branchId, skill: need.skill }, at);
  return { role, branchId, staffId: person?.staffId };
}
