import { sql, type Kysely } from 'kysely';
import type { SqlDialect } from '../sql-dialect.ts';
import { forbidUpdateAndDelete } from './0001-foundation.ts';

/**
 * Daily prepaid deductions as ledger batch items: one row per account and day, each the two lines
 * Dr wallet / Cr prepaid estimates of that account, belonging to one batch entry in
 * `ledger_entries`. A settlement run writes a million of these instead of a million entries and
 * two million lines; the ledger's balance sums read them beside `ledger_lines`.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  const pg = dialect === 'postgres';
  // The key is also the only index: an account's history is one range (balances), and the key
  // refuses a second deduction of the same account and day. Without a rowid SQLite keeps one tree.
  await sql`CREATE TABLE prepaid_deductions (
      account_row ${sql.raw(pg ? 'bigint' : 'integer')} NOT NULL,
      day text NOT NULL,
      amount_fen bigint NOT NULL CHECK (amount_fen >= 0),
      day_wh bigint NOT NULL,
      batch_seq bigint NOT NULL,
      PRIMARY KEY (account_row, day)
    )${sql.raw(pg ? '' : ' WITHOUT ROWID')}`.execute(db);
  await forbidUpdateAndDelete(db, dialect, 'prepaid_deductions');
}
