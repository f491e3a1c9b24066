// Shapes of the server's JSON API as the web app sees them (the contract with packages/server).
// Kept here rather than imported: web talks to the server only over HTTP.

export type Role = 'customer' | 'group_admin' | 'clerk' | 'auditor' | 'dispatcher' | 'admin';
export type CustomerType = 'residential' | 'non_residential' | 'group';
export type PaymentMode = 'postpaid' | 'prepaid';
export type CustomerClass = 'residential' | 'commercial' | 'industrial' | 'large_industrial' | 'agricultural';
export type OrgLevel = 'province' | 'city' | 'county';
export type MatchedBy = 'name' | 'accountNo' | 'meterAddress';

export interface Me {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  customerId: string | null;
  orgId: string | null;
}

export interface AccountSummary {
  id: string;
  accountNo: string;
  customerId: string;
  customerName: string;
  customerType: CustomerType;
  paymentMode: PaymentMode;
  customerClass: CustomerClass;
  voltageLevel: string;
  contractedCapacityKva: number;
  orgId: string;
  orgName: string;
  address: string;
  status: 'active' | 'closed';
}

export interface Meter {
  id: string;
  assetNo: string;
  address: string;
  phases: 1 | 3;
  ctRatio: number;
  ptRatio: number;
  multiplier: number;
  installedOn: string;
  removedOn: string | null;
}

export interface ServicePoint {
  id: string;
  name: string;
  meters: Meter[];
}

export interface ReadingBook {
  id: string;
  code: string;
  name: string;
  readingDay: number;
}

export interface AccountDetail {
  account: AccountSummary;
  readingBook: ReadingBook | null;
  servicePoints: ServicePoint[];
}

export interface GroupView {
  group: { id: string; name: string };
  subsidiaries: { id: string; name: string; accounts: AccountSummary[] }[];
}

export interface CustomerHit {
  id: string;
  name: string;
  type: CustomerType;
  orgName: string;
  accountNos: string[];
  matchedBy: MatchedBy;
}

export interface CustomerDetail {
  customer: {
    id: string;
    name: string;
    type: CustomerType;
    orgId: string;
    orgName: string;
    phoneMasked: string;
    address: string;
    parentId: string | null;
  };
  accounts: { account: AccountSummary; servicePoints: ServicePoint[] }[];
  subsidiaries: { id: string; name: string }[];
}

export interface OrgNode {
  id: string;
  code: string;
  name: string;
  level: OrgLevel;
  customerCount: number;
  children: OrgNode[];
}

export interface ApiErrorBody {
  error: { code: string; message: string; details?: { path: string; message: string }[] };
}

/** Roles that work in the staff console rather than the customer portal. */
export const STAFF_ROLES: readonly Role[] = ['clerk', 'auditor', 'dispatcher', 'admin'];

/** True when the role belongs to a staff member of the supply company. */
export const isStaff = (role: Role): boolean => STAFF_ROLES.includes(role);
