import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Rows per INSERT statement: keeps the bound parameters well under SQLite's and PostgreSQL's limits. */
export const INSERT_CHUNK_ROWS = 400;

/** Inserts rows in statements of at most INSERT_CHUNK_ROWS rows each. */
export async function insertChunked<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Database[T][],
): Promise<void> {
  for (let i = 0; i < rows.length; i += INSERT_CHUNK_ROWS) {
    // Kysely cannot relate a generic table name to its insert type, hence the cast.
    const chunk = rows.slice(i, i + INSERT_CHUNK_ROWS) as never;
    await db.insertInto(table).values(chunk).execute();
  }
}

/**
 * Inserts rows in chunks of `chunkRows`, skipping any that collide with a unique key (a repeated
 * read or event changes nothing); returns how many rows were new.
 */
export async function insertNewChunked<T extends keyof Database & string>(
  db: Kysely<Database>,
  table: T,
  rows: readonly Database[T][],
  chunkRows = INSERT_CHUNK_ROWS,
): Promise<number> {
  let added = 0;
  for (let i = 0; i < rows.length; i += chunkRows) {
    const chunk = rows.slice(i, i + chunkRows) as never;
    const res = await db
      .insertInto(table)
      .values(chunk)
      .onConflict((oc) => oc.doNothing())
      .executeTakeFirst();
    added += Number(res.numInsertedOrUpdatedRows ?? 0);
  }
  return added;
}
