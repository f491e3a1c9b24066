import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { BillDeterminantTable } from './billing-schema.ts';
import { billKeyRange } from './bill-key-range.ts';
import { batchOfRows, DETERMINANT_BATCH_COLUMNS, type DeterminantBatch } from './determinant-batch.ts';
import {
  DETERMINANT_RANGE_MAX,
  DeterminantReader,
  type DeterminantRange,
  type RangeHistory,
} from './determinant-reader.ts';

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

/** An account of the register as a bill run needs it, with its current tariff and multiplier. */
export interface BillableAccount {
  accountId: string;
  readingBookId: string;
  customerClass: string;
  capacityKva: number;
  openedOn: string;
  tariffCode: string | null;
  /** CT × PT of the meter in service (the largest when there are several). */
  multiplier: number;
  /** Communication addresses of the account's meters (metering keys interval blocks by them). */
  meterAddresses: string[];
  /** A meter was removed on or after this date (a meter exchange, 换表). */
  lastMeterRemovedOn: string | null;
}

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

  /** The active accounts of a reading book with tariff and meters, in account order. */
  async billableAccounts(bookId: string, onDate: string): Promise<BillableAccount[]> {
    const accounts = await this.db
      .selectFrom('accounts')
      .select(['id', 'reading_book_id', 'customer_class', 'contracted_capacity_kva', 'opened_on'])
      .where('reading_book_id', '=', bookId)
      .where('status', '=', 'active')
      .orderBy('id')
      .execute();
    if (accounts.length === 0) return [];
    const ids = accounts.map((a) => a.id);
    const tariffs = await this.db
      .selectFrom('tariff_assignments')
      .select(['account_id', 'tariff_code', 'effective_from'])
      .where('account_id', 'in', ids)
      .where('effective_from', '<=', onDate)
      .orderBy('effective_from')
      .execute();
    const meters = await this.db
      .selectFrom('meters')
      .innerJoin('service_points', 'service_points.id', 'meters.service_point_id')
      .select([
        'service_points.account_id',
        'meters.address',
        'meters.ct_ratio',
        'meters.pt_ratio',
        'meters.removed_on',
      ])
      .where('service_points.account_id', 'in', ids)
      .execute();
    const tariffOf = new Map<string, string>();
    for (const t of tariffs) tariffOf.set(t.account_id, t.tariff_code);
    return accounts.map((a) => {
      const own = meters.filter((m) => m.account_id === a.id);
      const inService = own.filter((m) => m.removed_on === null);
      const removed = own
        .map((m) => m.removed_on)
        .filter((d): d is string => d !== null)
        .sort();
      return {
        accountId: a.id,
        readingBookId: bookId,
        customerClass: a.customer_class,
        capacityKva: Number(a.contracted_capacity_kva),
        openedOn: a.opened_on,
        tariffCode: tariffOf.get(a.id) ?? null,
        multiplier: Math.max(1, ...inService.map((m) => Number(m.ct_ratio) * Number(m.pt_ratio))),
        meterAddresses: own.map((m) => m.address),
        lastMeterRemovedOn: removed.at(-1) ?? null,
      };
    });
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

  /**
   * Where the chunks of a book's run end: every `size`-th account after `after`, and the last.
   * Reads the book index only (it covers the account id).
   */
  async chunkEnds(bookId: string, cycle: string, after: string, size: number): Promise<string[]> {
    if (!Number.isSafeInteger(size) || size < 1) throw new RangeError(`chunk size ${size} is not a positive integer`);
    // Each end is one index step of `size` entries taken inside the database, so only the chunk
    // ends (not every account id of the book) come back.
    const page = (from: string, order: 'asc' | 'desc') =>
      this.db
        .selectFrom('bill_determinants')
        .select('account_id')
        .where('reading_book_id', '=', bookId)
        .where('cycle', '=', cycle)
        .where('account_id', '>', from)
        .orderBy('account_id', order);
    const ends: string[] = [];
    let from = after;
    for (;;) {
      const end = await page(from, 'asc')
        .limit(1)
        .offset(size - 1)
        .executeTakeFirst();
      if (!end) break;
      ends.push(end.account_id);
      from = end.account_id;
    }
    // The rest after the last full chunk, if any, ends at the book's last account.
    const last = await page(from, 'desc').limit(1).executeTakeFirst();
    if (last) ends.push(last.account_id);
    return ends;
  }

  /** One range of a book's determinants in columns (`DeterminantBatch`). */
  async rangeBatch(r: DeterminantRange): Promise<DeterminantBatch> {
    if (this.sqlite && !this.db.isTransaction) return this.reader().batch(r);
    const rows = await this.db
      .selectFrom('bill_determinants')
      .select(DETERMINANT_BATCH_COLUMNS)
      .where('reading_book_id', '=', r.readingBookId)
      .where('cycle', '=', r.cycle)
      .where('account_id', '>', r.after)
      .where('account_id', '<=', r.upTo)
      .orderBy('account_id')
      .limit(DETERMINANT_RANGE_MAX)
      .execute();
    return batchOfRows(r.cycle, r.readingBookId, rows);
  }

  /** The audit's history for a batch: energy of each account's latest bill in two earlier cycles. */
  async rangeHistory(batch: DeterminantBatch, lastCycle: string, yearCycle: string): Promise<RangeHistory> {
    if (this.sqlite && !this.db.isTransaction) return this.reader().history(batch, lastCycle, yearCycle);
    const of = async (cycle: string) => {
      const out = new Float64Array(batch.n).fill(-1);
      if (batch.n === 0) return out;
      let q = this.db
        .selectFrom('bills')
        .select(['account_id', 'energy_wh', 'revision'])
        .where('account_id', '>=', batch.accountIds[0])
        .where('account_id', '<=', batch.accountIds[batch.n - 1])
        .where('cycle', '=', cycle)
        .where('status', '!=', 'rejected');
      if (this.sqlite) {
        q = q
          .where('id', '>=', billKeyRange(batch.accountIds[0])[0])
          .where('id', '<', billKeyRange(batch.accountIds[batch.n - 1])[1]);
      }
      const rows = await q.orderBy('revision').execute();
      const wh = new Map(rows.map((r) => [r.account_id, Number(r.energy_wh)]));
      for (let i = 0; i < batch.n; i++) out[i] = wh.get(batch.accountIds[i]) ?? -1;
      return out;
    };
    return { lastMonthWh: await of(lastCycle), sameMonthLastYearWh: await of(yearCycle) };
  }

  /** The database file worker threads may open read-only to read ranges themselves (SQLite files only). */
  workerFile(): string | undefined {
    return this.sqlite && !this.sqlite.memory ? this.sqlite.name : undefined;
  }

  private readerOnMain: DeterminantReader | undefined;

  private reader(): DeterminantReader {
    return (this.readerOnMain ??= new DeterminantReader(this.sqlite!));
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
