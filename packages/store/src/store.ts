import type { Kysely } from 'kysely';
import type { Database } from './schema.ts';
import type { DatabaseHandle } from './open-database.ts';
import type { SqlDialect } from './sql-dialect.ts';
import type SqliteDatabase from 'better-sqlite3';
import { MeteringStore } from './metering/metering-store.ts';
import { AccountRepository } from './repositories/account.repository.ts';
import { AuditLogRepository } from './repositories/audit-log.repository.ts';
import { CustomerRepository } from './repositories/customer.repository.ts';
import { MeterRepository } from './repositories/meter.repository.ts';
import { OrgRepository } from './repositories/org.repository.ts';
import { UserRepository } from './repositories/user.repository.ts';
import { AlarmsRepositories } from './alarms/alarms-repositories.ts';
import { JobLeaseRepository } from './jobs/job-lease.repository.ts';
import { BillingRepositories } from './billing/billing-repositories.ts';
import { PaymentsRepositories } from './payments/payments-repositories.ts';
import { MonitoringRepositories } from './monitoring/monitoring-repositories.ts';
import { rememberRawSqlite } from './payments/raw-sqlite.ts';
import { NotificationsRepositories } from './notifications/notifications-repositories.ts';
import { PrepaidRepositories } from './prepaid/prepaid-repositories.ts';

/** The repositories over one connection or one transaction. */
export class Store {
  readonly orgs: OrgRepository;
  readonly customers: CustomerRepository;
  readonly accounts: AccountRepository;
  readonly meters: MeterRepository;
  readonly users: UserRepository;
  readonly audit: AuditLogRepository;
  readonly metering: MeteringStore;
  readonly alarms: AlarmsRepositories;
  readonly jobLeases: JobLeaseRepository;
  readonly payments: PaymentsRepositories;
  readonly monitoring: MonitoringRepositories;
  readonly notifications: NotificationsRepositories;
  readonly prepaid: PrepaidRepositories;
  readonly billing: BillingRepositories;

  constructor(
    readonly db: Kysely<Database>,
    readonly dialect: SqlDialect,
    /** The better-sqlite3 handle for bulk paths inside repositories (SQLite only). */
    readonly sqlite?: SqliteDatabase.Database,
  ) {
    this.orgs = new OrgRepository(db);
    this.customers = new CustomerRepository(db);
    this.accounts = new AccountRepository(db);
    this.meters = new MeterRepository(db);
    this.users = new UserRepository(db);
    this.audit = new AuditLogRepository(db);
    this.metering = new MeteringStore(db, dialect, sqlite);
    this.alarms = new AlarmsRepositories(db, sqlite);
    this.jobLeases = new JobLeaseRepository(db);
    this.payments = new PaymentsRepositories(db, dialect);
    this.monitoring = new MonitoringRepositories(db);
    this.notifications = new NotificationsRepositories(db);
    this.prepaid = new PrepaidRepositories(db, dialect, sqlite);
    this.billing = new BillingRepositories(db, sqlite);
  }

  static of(handle: DatabaseHandle): Store {
    rememberRawSqlite(handle.db, handle.sqlite);
    return new Store(handle.db, handle.dialect, handle.sqlite);
  }

  /** Runs `work` in one database transaction: all of it commits or none of it does. */
  async transaction<T>(work: (tx: Store) => Promise<T>): Promise<T> {
    return this.db.transaction().execute((trx) => work(new Store(trx, this.dialect, this.sqlite)));
  }
}
