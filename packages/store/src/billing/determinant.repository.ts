import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { BillDeterminantTable } from './billing-schema.ts';

/** Most determinants rows one page returns. */
export const DETERMINANT_PAGE_MAX = 50_000;
/** Rows per multi-row INSERT (17 columns stays well under both engines' parameter limits). */
const DETERMINANT_INSERT_ROWS = 500;

const COLUMNS = [
  'account_id',
  'cycle',
  'reading_book_id',
  'customer_class',
  'tariff_id',
  'period_from',
  'period_to',
  'active_wh',
  'tou_wh',
  'reactive_varh',
  'max_demand_w',
  'capacity_va',
  'contract_demand_w',
  'multiplier',
  'flags',
  'source',
  'created_at',
] as const satisfies readonly (keyof BillDeterminantTable)[];

/** Billing determinants per (account, cycle): written by metering or the demo generator, read by bill runs. */
export class DeterminantRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sqlite?: BetterSqlite3.Database,
  ) {}

  /** Stores determinants; a row for the same account and cycle is replaced (new reads, corrections). */
  async putMany(rows: readonly BillDeterminantTable[]): Promise<void> {
    if (this.sqlite && !this.db.isTransaction) {
      const stmt = this.sqlite.prepare(
        `INSERT OR REPLACE INTO bill_determinants (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})`,
      );
      this.sqlite.transaction(() => {
        for (const r of rows) stmt.run(COLUMNS.map((c) => r[c]));
      })();
      return;
    }
    for (let i = 0; i < rows.length; i += DETERMINANT_INSERT_ROWS) {
      const chunk = rows.slice(i, i + DETERMINANT_INSERT_ROWS);
      await this.db
        .insertInto('bill_determinants')
        .values(chunk)
        .onConflict((oc) =>
          oc.columns(['account_id', 'cycle']).doUpdateSet((eb) => {
            const set: Record<string, unknown> = {};
            for (const c of COLUMNS) if (c !== 'account_id' && c !== 'cycle') set[c] = eb.ref(`excluded.${c}`);
            return set as never;
          }),
        )
        .execute();
    }
  }

  /** A page of one book's determinants in account order, after `afterAccountId` (a run's cursor). */
  async page(bookId: string, cycle: string, afterAccountId: string, limit: number): Promise<BillDeterminantTable[]> {
    const n = Math.min(limit, DETERMINANT_PAGE_MAX);
    if (this.sqlite && !this.db.isTransaction) {
      return this.sqlite
        .prepare(
          `SELECT ${COLUMNS.join(',')} FROM bill_determinants WHERE reading_book_id = ? AND cycle = ? AND account_id > ? ORDER BY account_id LIMIT ?`,
        )
        .all(bookId, cycle, afterAccountId, n) as BillDeterminantTable[];
    }
    return this.db
      .selectFrom('bill_determinants')
      .select(COLUMNS)
      .where('reading_book_id', '=', bookId)
      .where('cycle', '=', cycle)
      .where('account_id', '>', afterAccountId)
      .orderBy('account_id')
      .limit(n)
      .execute();
  }

  async get(accountId: string, cycle: string): Promise<BillDeterminantTable | undefined> {
    return this.db
      .selectFrom('bill_determinants')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('cycle', '=', cycle)
      .executeTakeFirst();
  }

  async count(bookId: string, cycle: string): Promise<number> {
    const r = await this.db
      .selectFrom('bill_determinants')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('reading_book_id', '=', bookId)
      .where('cycle', '=', cycle)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /** The reading books with determinants in a cycle, with their account counts. */
  async books(cycle: string): Promise<{ readingBookId: string; accounts: number }[]> {
    const rows = await this.db
      .selectFrom('bill_determinants')
      .select(['reading_book_id', (eb) => eb.fn.countAll<number>().as('n')])
      .where('cycle', '=', cycle)
      .groupBy('reading_book_id')
      .orderBy('reading_book_id')
      .execute();
    return rows.map((r) => ({ readingBookId: r.reading_book_id, accounts: Number(r.n) }));
  }
}
