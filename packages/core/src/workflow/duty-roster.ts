import { assertNoIssues, type Issue } from '../errors/error-codes.ts';

/** One person on duty for a span of time, in a role, for some branches ('*' = all) and skills. */
export interface DutyShift {
  staffId: string;
  role: string;
  branchIds: string[];
  skills: string[];
  from: Date;
  to: Date;
}

/** A shift as written in data, with ISO instants. */
export interface DutyShiftData extends Omit<DutyShift, 'from' | 'to'> {
  from: string;
  to: string;
}

/** A roster longer than this is expanded too far ahead; expand a month at a time. */
export const ROSTER_SHIFTS_MAX = 100_000;

/** Validates a roster (every problem at once) and turns its instants into dates. */
export function parseDutyRoster(data: readonly DutyShiftData[]): DutyShift[] {
  const issues: Issue[] = [];
  if (data.length > ROSTER_SHIFTS_MAX) issues.push({ path: '', message: `at most ${ROSTER_SHIFTS_MAX} shifts` });
  const shifts = data.map((s, i) => {
    const from = new Date(s.from);
    const to = new Date(s.to);
    if (!s.staffId) issues.push({ path: `/${i}/staffId`, message: 'required' });
    if (!s.role) issues.push({ path: `/${i}/role`, message: 'required' });
    if (!Array.isArray(s.branchIds) || s.branchIds.length === 0)
      issues.push({ path: `/${i}/branchIds`, message: 'name at least one branch or *' });
    if (!Array.isArray(s.skills)) issues.push({ path: `/${i}/skills`, message: 'must be a list' });
    if (Number.isNaN(from.getTime())) issues.push({ path: `/${i}/from`, message: 'must be an ISO instant' });
    if (Number.isNaN(to.getTime()) || to <= from)
      issues.push({ path: `/${i}/to`, message: 'must be an ISO instant after from' });
    return { ...s, from, to };
  });
  assertNoIssues(issues, 'duty roster');
  return shifts;
}

/**
 * Who is on duty in a role for a branch at an instant. With a skill, someone with that skill is
 * preferred, then anyone in the role; a branch's own staff come before staff covering every branch.
 */
export function findOnDuty(
  roster: readonly DutyShift[],
  want: { role: string; branchId?: string; skill?: string },
  at: Date,
): DutyShift | undefined {
  const t = at.getTime();
  const candidates = roster.filter(
    (s) =>
      s.role === want.role &&
      s.from.getTime() <= t &&
      t < s.to.getTime() &&
      (s.branchIds.includes('*') || (want.branchId !== undefined && s.branchIds.includes(want.branchId))),
  );
  const score = (s: DutyShift) =>
    (want.skill && s.skills.includes(want.skill) ? 2 : 0) +
    (want.branchId && s.branchIds.includes(want.branchId) ? 1 : 0);
  let best: DutyShift | undefined;
  for (const s of candidates) if (!best || score(s) > score(best)) best = s;
  return best;
}
