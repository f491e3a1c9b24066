/**
 * The tables of the foundation, as Kysely sees them. Conventions that hold in both dialects:
 * ids are text; instants are ISO-8601 UTC text (`2026-11-26T08:00:00.000Z`, which sorts in time
 * order); calendar dates are `YYYY-MM-DD` text; money and energy are integers in their smallest
 * unit (fen, Wh), never REAL or NUMERIC, because SQLite would store those as binary floats.
 */
import type { Generated } from 'kysely';
import type { MeteringTables } from './metering/metering-schema.ts';
import type { BillingTables } from './billing/billing-schema.ts';
import type { PaymentsTables } from './payments/payments-schema.ts';
import type { MonitoringTables } from './monitoring/monitoring-schema.ts';
import type { AlarmsTables } from './alarms/alarms-schema.ts';
import type { JobsTables } from './jobs/jobs-schema.ts';
import type { NotificationsTables } from './notifications/notifications-schema.ts';
import type { PrepaidTables } from './prepaid/prepaid-schema.ts';

export type OrgLevel = 'province' | 'city' | 'county';
export type CustomerType = 'residential' | 'non_residential' | 'group';
export type PaymentMode = 'postpaid' | 'prepaid';
export type CustomerClass = 'residential' | 'commercial' | 'industrial' | 'large_industrial' | 'agricultural';
export type AccountStatus = 'active' | 'closed';
export type Role = 'customer' | 'group_admin' | 'clerk' | 'auditor' | 'dispatcher' | 'admin';

export interface OrgTable {
  id: string;
  parent_id: string | null;
  code: string;
  name: string;
  name_en: string;
  level: OrgLevel;
}

export interface CustomerTable {
  id: string;
  org_id: string;
  type: CustomerType;
  name: string;
  /** The enterprise group (a customer of type `group`) that this customer belongs to, if any. */
  parent_id: string | null;
  phone: string;
  address: string;
  created_at: string;
}

export interface ReadingBookTable {
  id: string;
  org_id: string;
  code: string;
  name: string;
  /** Day of the month on which the book is read (抄表例日), 1–28. */
  reading_day: number;
}

export interface AccountTable {
  id: string;
  account_no: string;
  customer_id: string;
  org_id: string;
  reading_book_id: string | null;
  payment_mode: PaymentMode;
  customer_class: CustomerClass;
  voltage_level: string;
  contracted_capacity_kva: number;
  status: AccountStatus;
  address: string;
  opened_on: string;
  closed_on: string | null;
}

export interface ServicePointTable {
  id: string;
  account_id: string;
  name: string;
}

export interface MeterTable {
  id: string;
  service_point_id: string;
  asset_no: string;
  /** DL/T 645 communication address, 12 digits. */
  address: string;
  phases: number;
  ct_ratio: number;
  pt_ratio: number;
  installed_on: string;
  /** Set when the meter is taken out (exchange or closure); a meter row is never overwritten. */
  removed_on: string | null;
}

export interface TariffAssignmentTable {
  id: string;
  account_id: string;
  tariff_code: string;
  effective_from: string;
  effective_to: string | null;
}

export interface UserTable {
  id: string;
  username: string;
  password_hash: string;
  display_name: string;
  role: Role;
  customer_id: string | null;
  org_id: string | null;
  created_at: string;
  disabled: number;
}

export interface SessionTable {
  /** SHA-256 of the session token; the token itself is only ever in the client's cookie. */
  id: string;
  user_id: string;
  created_at: string;
  expires_at: string;
}

export interface AuditLogTable {
  id: Generated<number>;
  at: string;
  actor_user_id: string | null;
  action: string;
  entity: string;
  entity_id: string;
  detail: string;
}

/** The foundation's tables. */
export interface FoundationTables {
  orgs: OrgTable;
  customers: CustomerTable;
  reading_books: ReadingBookTable;
  accounts: AccountTable;
  service_points: ServicePointTable;
  meters: MeterTable;
  tariff_assignments: TariffAssignmentTable;
  users: UserTable;
  sessions: SessionTable;
  audit_log: AuditLogTable;
}

/** Every table, as Kysely sees the database. Each context declares its own in its folder. */
export interface Database
  extends
    FoundationTables,
    MeteringTables,
    BillingTables,
    PaymentsTables,
    MonitoringTables,
    AlarmsTables,
    JobsTables,
    NotificationsTables,
    PrepaidTables {}
