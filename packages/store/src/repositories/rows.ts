/** camelCase records as the rest of the system sees them, and the row mappings. */
import type {
  AccountStatus,
  CustomerClass,
  CustomerType,
  OrgLevel,
  PaymentMode,
  Role,
  AccountTable,
  CustomerTable,
  MeterTable,
  OrgTable,
  ReadingBookTable,
  UserTable,
} from '../schema.ts';

export interface Org {
  id: string;
  parentId: string | null;
  code: string;
  name: string;
  nameEn: string;
  level: OrgLevel;
}
export interface Customer {
  id: string;
  orgId: string;
  type: CustomerType;
  name: string;
  parentId: string | null;
  phone: string;
  address: string;
  createdAt: string;
}
export interface ReadingBook {
  id: string;
  orgId: string;
  code: string;
  name: string;
  readingDay: number;
}
export interface Account {
  id: string;
  accountNo: string;
  customerId: string;
  orgId: string;
  readingBookId: string | null;
  paymentMode: PaymentMode;
  customerClass: CustomerClass;
  voltageLevel: string;
  contractedCapacityKva: number;
  status: AccountStatus;
  address: string;
  openedOn: string;
  closedOn: string | null;
}
export interface ServicePoint {
  id: string;
  accountId: string;
  name: string;
}
export interface Meter {
  id: string;
  servicePointId: string;
  assetNo: string;
  address: string;
  phases: number;
  ctRatio: number;
  ptRatio: number;
  installedOn: string;
  removedOn: string | null;
}
export interface User {
  id: string;
  username: string;
  passwordHash: string;
  displayName: string;
  role: Role;
  customerId: string | null;
  orgId: string | null;
  createdAt: string;
  disabled: boolean;
}

export const orgFromRow = (r: OrgTable): Org => ({
  id: r.id,
  parentId: r.parent_id,
  code: r.code,
  name: r.name,
  nameEn: r.name_en,
  level: r.level,
});
export const orgToRow = (o: Org): OrgTable => ({
  id: o.id,
  parent_id: o.parentId,
  code: o.code,
  name: o.name,
  name_en: o.nameEn,
  level: o.level,
});

export const customerFromRow = (r: CustomerTable): Customer => ({
  id: r.id,
  orgId: r.org_id,
  type: r.type,
  name: r.name,
  parentId: r.parent_id,
  phone: r.phone,
  address: r.address,
  createdAt: r.created_at,
});
export const customerToRow = (c: Customer): CustomerTable => ({
  id: c.id,
  org_id: c.orgId,
  type: c.type,
  name: c.name,
  parent_id: c.parentId,
  phone: c.phone,
  address: c.address,
  created_at: c.createdAt,
});

export const readingBookFromRow = (r: ReadingBookTable): ReadingBook => ({
  id: r.id,
  orgId: r.org_id,
  code: r.code,
  name: r.name,
  readingDay: r.reading_day,
});
export const readingBookToRow = (b: ReadingBook): ReadingBookTable => ({
  id: b.id,
  org_id: b.orgId,
  code: b.code,
  name: b.name,
  reading_day: b.readingDay,
});

export const accountFromRow = (r: AccountTable): Account => ({
  id: r.id,
  accountNo: r.account_no,
  customerId: r.customer_id,
  orgId: r.org_id,
  readingBookId: r.reading_book_id,
  paymentMode: r.payment_mode,
  customerClass: r.customer_class,
  voltageLevel: r.voltage_level,
  contractedCapacityKva: r.contracted_capacity_kva,
  status: r.status,
  address: r.address,
  openedOn: r.opened_on,
  closedOn: r.closed_on,
});
export const accountToRow = (a: Account): AccountTable => ({
  id: a.id,
  account_no: a.accountNo,
  customer_id: a.customerId,
  org_id: a.orgId,
  reading_book_id: a.readingBookId,
  payment_mode: a.paymentMode,
  customer_class: a.customerClass,
  voltage_level: a.voltageLevel,
  contracted_capacity_kva: a.contractedCapacityKva,
  status: a.status,
  address: a.address,
  opened_on: a.openedOn,
  closed_on: a.closedOn,
});

export const meterFromRow = (r: MeterTable): Meter => ({
  id: r.id,
  servicePointId: r.service_point_id,
  assetNo: r.asset_no,
  address: r.address,
  phases: r.phases,
  ctRatio: r.ct_ratio,
  ptRatio: r.pt_ratio,
  installedOn: r.installed_on,
  removedOn: r.removed_on,
});
export const meterToRow = (m: Meter): MeterTable => ({
  id: m.id,
  service_point_id: m.servicePointId,
  asset_no: m.assetNo,
  address: m.address,
  phases: m.phases,
  ct_ratio: m.ctRatio,
  pt_ratio: m.ptRatio,
  installed_on: m.installedOn,
  removed_on: m.removedOn,
});

export const userFromRow = (r: UserTable): User => ({
  id: r.id,
  username: r.username,
  passwordHash: r.password_hash,
  displayName: r.display_name,
  role: r.role,
  customerId: r.customer_id,
  orgId: r.org_id,
  createdAt: r.created_at,
  disabled: r.disabled !== 0,
});
export const userToRow = (u: User): UserTable => ({
  id: u.id,
  username: u.username,
  password_hash: u.passwordHash,
  display_name: u.displayName,
  role: u.role,
  customer_id: u.customerId,
  org_id: u.orgId,
  created_at: u.createdAt,
  disabled: u.disabled ? 1 : 0,
});
