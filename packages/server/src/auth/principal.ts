import type { Role } from '@meterflow/store';

/** The signed-in user as every use case sees it. */
export interface Principal {
  userId: string;
  username: string;
  displayName: string;
  role: Role;
  customerId: string | null;
  orgId: string | null;
}

export const STAFF_ROLES: readonly Role[] = ['clerk', 'auditor', 'dispatcher', 'admin'];
export const isStaff = (p: Principal): boolean => STAFF_ROLES.includes(p.role);
