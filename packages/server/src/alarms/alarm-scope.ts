import type { Principal } from '../auth/principal.ts';
import type { AccessPolicy } from '../auth/access-policy.ts';

/**
 * Which alarms a staff member sees: those of the branches in their scope (services.access), and
 * alarms without a branch (master-station faults) only for dispatchers and administrators.
 */
export interface AlarmScope {
  orgIds: string[] | undefined;
  includeUnbranched: boolean;
}

/** Roles that act on alarms and work orders; the other staff roles read. */
export const ALARM_ACTING_ROLES: readonly Principal['role'][] = ['dispatcher', 'admin'];

export async function alarmScopeOf(access: AccessPolicy, p: Principal): Promise<AlarmScope> {
  access.requireStaff(p);
  const scope = await access.scopeOf(p);
  return { orgIds: scope.orgIds, includeUnbranched: ALARM_ACTING_ROLES.includes(p.role) };
}

export function inAlarmScope(scope: AlarmScope, branchId: string | undefined | null): boolean {
  if (!scope.orgIds) return true;
  if (!branchId) return scope.includeUnbranched;
  return scope.orgIds.includes(branchId);
}
