import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';

/**
 * The better-sqlite3 handle behind a root Kysely instance, remembered when the Store is made from a
 * DatabaseHandle, so the payments hot path can use prepared statements and group commit. A Store
 * made inside a transaction has no entry here and takes the Kysely path.
 */
const rawByDb = new WeakMap<object, BetterSqlite3.Database>();

export function rememberRawSqlite(db: Kysely<never> | object, sqlite: BetterSqlite3.Database | undefined): void {
  if (sqlite) rawByDb.set(db, sqlite);
}

export function rawSqliteOf(db: object): BetterSqlite3.Database | undefined {
  return rawByDb.get(db);
}
