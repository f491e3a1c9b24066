import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../sql-dialect.ts';

/**
 * A leaner `bills` table on SQLite, where a bill run writes a million rows through one writer:
 * the table is keyed by its id without a rowid (one tree instead of a table plus a key index), and
 * the per-account index is gone — an id starts with its account (`account.cycle.revision`), so an
 * account's bills are one key range (see `accountBillsWhere`). The book index and the partial
 * index of the audit queue stay. PostgreSQL keeps its heap table and indexes: nothing changes there.
 *
 * SQLite cannot change a table's keys in place; the table is rebuilt by the documented procedure:
 * foreign keys off, copy into a new table in one transaction, swap the names, check the keys.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  if (dialect !== 'sqlite') return;
  await sql.raw('PRAGMA foreign_keys = OFF').execute(db);
  await sql.raw('BEGIN').execute(db);
  try {
    await sql
      .raw(
        `CREATE TABLE bills_lean (
          id text PRIMARY KEY NOT NULL,
          account_id text NOT NULL,
          cycle text NOT NULL,
          revision integer NOT NULL,
          reading_book_id text NOT NULL,
          customer_class text NOT NULL,
          tariff_id text NOT NULL,
          tariff_version integer NOT NULL,
          period_from text NOT NULL,
          period_to text NOT NULL,
          days integer NOT NULL,
          energy_wh bigint NOT NULL,
          total_fen bigint NOT NULL,
          net_fen bigint NOT NULL,
          tax_fen bigint NOT NULL,
          pf_hundredths integer,
          estimated integer NOT NULL,
          status text NOT NULL,
          lines text NOT NULL,
          calculated_at text NOT NULL,
          released_at text,
          released_by text,
          replaces_bill_id text
        ) WITHOUT ROWID`,
      )
      .execute(db);
    const columns = `id, account_id, cycle, revision, reading_book_id, customer_class, tariff_id, tariff_version,
      period_from, period_to, days, energy_wh, total_fen, net_fen, tax_fen, pf_hundredths, estimated, status, lines,
      calculated_at, released_at, released_by, replaces_bill_id`;
    await sql.raw(`INSERT INTO bills_lean (${columns}) SELECT ${columns} FROM bills`).execute(db);
    await sql.raw('DROP TABLE bills').execute(db);
    await sql.raw('ALTER TABLE bills_lean RENAME TO bills').execute(db);
    await sql.raw('CREATE INDEX bills_book_cycle ON bills (reading_book_id, cycle)').execute(db);
    await sql.raw(`CREATE INDEX bills_held ON bills (reading_book_id, cycle) WHERE status = 'held'`).execute(db);
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER bills_released_no_${op.toLowerCase()} BEFORE ${op} ON bills WHEN OLD.released_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'a released bill is never changed'); END`,
        )
        .execute(db);
    }
    const broken = await sql.raw('PRAGMA foreign_key_check').execute(db);
    if (broken.rows.length > 0) throw new Error(`bills rebuild left ${broken.rows.length} dangling references`);
    await sql.raw('COMMIT').execute(db);
  } catch (e) {
    await sql.raw('ROLLBACK').execute(db);
    throw e;
  } finally {
    await sql.raw('PRAGMA foreign_keys = ON').execute(db);
  }
}
