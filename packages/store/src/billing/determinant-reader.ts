import SqliteDatabase from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { DETERMINANT_BATCH_COLUMNS, DeterminantBatchBuilder, type DeterminantBatch } from './determinant-batch.ts';

/** Most rows one range read returns. */
export const DETERMINANT_RANGE_MAX = 50_000;

/** A range of one book's determinants: accounts after `after` up to and including `upTo`. */
export interface DeterminantRange {
  readingBookId: string;
  cycle: string;
  after: string;
  upTo: string;
}

/** The audit's history for a range: energy of each account's latest bill in two earlier cycles. */
export interface RangeHistory {
  lastMonthWh: Float64Array;
  sameMonthLastYearWh: Float64Array;
}

/**
 * Reads ranges of determinants and the audit history on its own SQLite connection: a bill-run
 * worker thread reads its batches itself, so the main thread only writes. WAL lets these reads
 * run beside the writer; each sees committed data only.
 */
export class DeterminantReader {
  private readonly rows: BetterSqlite3.Statement;
  private readonly energy: BetterSqlite3.Statement;

  constructor(private readonly sqlite: BetterSqlite3.Database) {
    this.rows = sqlite
      .prepare(
        `SELECT ${DETERMINANT_BATCH_COLUMNS.join(',')} FROM bill_determinants
         WHERE reading_book_id = ? AND cycle = ? AND account_id > ? AND account_id <= ? ORDER BY account_id LIMIT ?`,
      )
      .raw(true);
    this.energy = sqlite
      .prepare(
        // The key range (bill-key-range.ts) finds the accounts' bills; the account test keeps it exact.
        `SELECT account_id, energy_wh, revision FROM bills
         WHERE id >= ? || '.' AND id < ? || '/' AND account_id >= ? AND account_id <= ? AND cycle = ? AND status != 'rejected'`,
      )
      .raw(true);
  }

  /** A read-only connection to a database file (for worker threads). */
  static openFile(path: string): DeterminantReader {
    const sqlite = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
    return new DeterminantReader(sqlite);
  }

  batch(r: DeterminantRange): DeterminantBatch {
    // One call returning every row (arrays, not objects) is cheaper than stepping an iterator.
    const rows = this.rows.all(r.readingBookId, r.cycle, r.after, r.upTo, DETERMINANT_RANGE_MAX) as unknown[][];
    const b = new DeterminantBatchBuilder(r.cycle, r.readingBookId, rows.length);
    for (const row of rows) b.push(row);
    return b.build();
  }

  /** History aligned with a batch's accounts: −1 where an account had no bill in that cycle. */
  history(batch: DeterminantBatch, lastCycle: string, yearCycle: string): RangeHistory {
    return {
      lastMonthWh: this.energyOf(batch, lastCycle),
      sameMonthLastYearWh: this.energyOf(batch, yearCycle),
    };
  }

  private energyOf(batch: DeterminantBatch, cycle: string): Float64Array {
    const out = new Float64Array(batch.n).fill(-1);
    if (batch.n === 0) return out;
    const latest = new Map<string, { wh: number; revision: number }>();
    const first = batch.accountIds[0];
    const last = batch.accountIds[batch.n - 1];
    for (const row of this.energy.iterate(first, last, first, last, cycle)) {
      const [account, wh, revision] = row as [string, number, number];
      const seen = latest.get(account);
      if (!seen || revision > seen.revision) latest.set(account, { wh: Number(wh), revision });
    }
    if (latest.size === 0) return out;
    for (let i = 0; i < batch.n; i++) out[i] = latest.get(batch.accountIds[i])?.wh ?? -1;
    return out;
  }

  close(): void {
    this.sqlite.close();
  }
}
