import type { Kysely, Migration, MigrationProvider } from 'kysely';
import type { SqlDialect } from '../sql-dialect.ts';
import * as m0001 from './0001-foundation.ts';
import * as m0002 from './0002-metering.ts';
import * as m0003 from './0003-billing.ts';
import * as m0004 from './0004-payments.ts';
import * as m0005 from './0005-monitoring.ts';
import * as m0006 from './0006-alarms.ts';
import * as m0007 from './0007-jobs.ts';
import * as m0008 from './0008-notifications.ts';
import * as m0009 from './0009-metering-instants.ts';
import * as m0010 from './0010-prepaid-deductions.ts';
import * as m0011 from './0011-lean-bills.ts';
import * as m0012 from './0012-refund-payouts.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Up = (db: Kysely<any>, dialect: SqlDialect) => Promise<void>;

/**
 * Every migration in order. Numbers are reserved per context so parallel work does not collide:
 * 0001 foundation, 0002 metering, 0003 billing, 0004 payments, 0005 monitoring, 0006 alarms.
 * A migration is never edited once released; add a new one.
 */
const MIGRATIONS: Record<string, { up: Up }> = {
  '0001-foundation': m0001,
  '0002-metering': m0002,
  '0003-billing': m0003,
  '0004-payments': m0004,
  '0005-monitoring': m0005,
  '0006-alarms': m0006,
  '0007-jobs': m0007,
  '0008-notifications': m0008,
  '0009-metering-instants': m0009,
  '0010-prepaid-deductions': m0010,
  '0011-lean-bills': m0011,
  '0012-refund-payouts': m0012,
};

/** Kysely's migrator reads migrations from here; the dialect is bound in. */
export function migrationProvider(dialect: SqlDialect): MigrationProvider {
  return {
    async getMigrations() {
      const out: Record<string, Migration> = {};
      for (const [name, m] of Object.entries(MIGRATIONS)) out[name] = { up: (db) => m.up(db, dialect) };
      return out;
    },
  };
}
