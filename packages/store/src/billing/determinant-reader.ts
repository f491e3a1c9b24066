import SqliteDatabase from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import {
  DETERMINANT_BATCH_COLUMNS,
  DETERMINANT_VALUES,
  DeterminantBatchBuilder,
  type DeterminantBatch,
} from './determinant-batch.ts';

/** Most rows one range read returns. */
export const DETERMINANT_RANGE_MAX = 50_000;

/**
 * Most (class, tariff, period from, period to) combinations a reader tells apart in SQL; a range
 * with more is read row by row.
 */
export const DETERMINANT_COMBOS_MAX = 32;

/** Numbers per row in a packed read: the batch's values, then the combination × 2 + has-TOU. */
const PACKED = DETERMINANT_VALUES + 1;

/** Characters from the first surrogate up: where JS string order and SQLite's byte order may differ. */
const NOT_BMP_ORDERED = /[\ud800-\uffff]/;

type Combo = readonly [customerClass: string, tariffId: string, periodFrom: string, periodTo: string];

/** The rows of a range (named parameters). */
const RANGE_WHERE = `reading_book_id = @book AND cycle = @cycle AND account_id > @after AND account_id <= @upTo`;

const COMBO_PARAM = ['cc', 'tf', 'pf', 'pt'] as const;

/**
 * True when the ids strictly ascend in SQLite's order: the check that the aggregates saw the rows
 * in account order. Below the surrogates JS compares strings as SQLite does (by code point).
 */
function ascending(ids: readonly string[], text: string): boolean {
  if (NOT_BMP_ORDERED.test(text)) return false;
  for (let i = 1; i < ids.length; i++) if (!(ids[i - 1] < ids[i])) return false;
  return true;
}

/** Longest integer read digit by digit: below 2^53, so the digits give the number exactly. */
const DIGITS_MAX = 15;

/**
 * Reads the packed numbers, `PACKED` a row, into a batch's values and the rows' combination keys.
 * Only plain integers are taken (what SQLite writes for an integer column); anything else — a
 * real, text in a number column, a wrong count — gives false, and the range is read row by row.
 */
function parseRows(text: string, values: Float64Array, keys: Int32Array): boolean {
  const total = keys.length * PACKED;
  const len = text.length;
  let k = 0;
  let i = 0;
  while (i <= len) {
    if (k === total) return false;
    let c = text.charCodeAt(i);
    const negative = c === 45; // '-'
    if (negative) c = text.charCodeAt(++i);
    const first = i;
    let v = 0;
    while (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    const digits = i - first;
    if (digits === 0 || digits > DIGITS_MAX || (i < len && c !== 44)) return false;
    if (negative) v = -v;
    const row = (k / PACKED) | 0;
    const col = k - row * PACKED;
    if (col === PACKED - 1) {
      if (v !== (v | 0)) return false;
      keys[row] = v;
    } else values[row * DETERMINANT_VALUES + col] = v;
    k++;
    i++;
  }
  return k === total;
}

/** Plain integers separated by commas into `out`, exactly as many as it holds; false otherwise. */
function parseIntegers(text: string, out: Float64Array): boolean {
  const len = text.length;
  let k = 0;
  let i = 0;
  while (i <= len) {
    if (k === out.length) return false;
    let c = text.charCodeAt(i);
    const negative = c === 45; // '-'
    if (negative) c = text.charCodeAt(++i);
    const first = i;
    let v = 0;
    while (c >= 48 && c <= 57) {
      v = v * 10 + (c - 48);
      c = text.charCodeAt(++i);
    }
    const digits = i - first;
    if (digits === 0 || digits > DIGITS_MAX || (i < len && c !== 44)) return false;
    out[k++] = negative ? -v : v;
    i++;
  }
  return k === out.length;
}

function parseArray(text: string): unknown[] | undefined {
  try {
    const v: unknown = JSON.parse(text);
    return Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

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
  private readonly distinct: BetterSqlite3.Statement;
  private readonly packedEnergy: BetterSqlite3.Statement;
  private readonly anyBill: BetterSqlite3.Statement;
  /** Packed reads by the number of combinations they recognise. */
  private readonly packed = new Map<number, BetterSqlite3.Statement>();
  /** Combinations seen so far, and the same as named parameters of the packed read. */
  private combos: Combo[] = [];
  private comboParams: Record<string, string> = {};

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
    this.packedEnergy = sqlite
      .prepare(
        // From the chunk's determinants, each account's bills of the two cycles are one short key
        // range each (bill-key-range.ts): the seek cost does not grow with the years of bills kept.
        `WITH c(cycle, is_last) AS (VALUES (@lastCycle, 1), (@yearCycle, 0))
         SELECT count(*), group_concat(b.account_id, char(10)),
           group_concat(format('%s,%s,%s', b.energy_wh, b.revision, c.is_last), ',')
         FROM bill_determinants d CROSS JOIN c CROSS JOIN bills b
         WHERE d.reading_book_id = @book AND d.cycle = @cycle AND d.account_id >= @first AND d.account_id <= @last
           AND b.id >= d.account_id || '.' || c.cycle || '.' AND b.id < d.account_id || '.' || c.cycle || '/'
           AND b.status != 'rejected'`,
      )
      .raw(true);
    // Whether any account from the first to the last of a chunk has a bill at all: one seek. When
    // none has (a first cycle, new accounts), the history is known without looking per account.
    this.anyBill = sqlite.prepare(`SELECT EXISTS (SELECT 1 FROM bills WHERE id >= ? || '.' AND id < ? || '/')`).pluck();
    this.distinct = sqlite
      .prepare(
        // First seen first: the common combinations end up early in the packed read's CASE.
        `SELECT customer_class, tariff_id, period_from, period_to FROM bill_determinants WHERE ${RANGE_WHERE}
         GROUP BY customer_class, tariff_id, period_from, period_to ORDER BY min(account_id)`,
      )
      .raw(true);
  }

  /** A read-only connection to a database file (for worker threads). */
  static openFile(path: string): DeterminantReader {
    const sqlite = new SqliteDatabase(path, { readonly: true, fileMustExist: true });
    return new DeterminantReader(sqlite);
  }

  batch(r: DeterminantRange): DeterminantBatch {
    return this.packedBatch(r) ?? this.rowBatch(r);
  }

  /** The range row by row: 13 JS values a row. Exact for anything stored; the fallback of `packedBatch`. */
  private rowBatch(r: DeterminantRange): DeterminantBatch {
    // One call returning every row (arrays, not objects) is cheaper than stepping an iterator.
    const rows = this.rows.all(r.readingBookId, r.cycle, r.after, r.upTo, DETERMINANT_RANGE_MAX) as unknown[][];
    const b = new DeterminantBatchBuilder(r.cycle, r.readingBookId, rows.length);
    for (const row of rows) b.push(row);
    return b.build();
  }

  /**
   * The range as one row of a few texts, built by SQLite: account ids joined by newlines, every
   * number as one JSON array, and the TOU texts as another. Making a JS value per column and row
   * costs more than SQLite's own reading; this makes a handful per range. The repeated strings
   * (class, tariff, period) come back as the index of their combination among those the reader has
   * seen; a range with a new one teaches the reader and is read again. The aggregates take the rows
   * in the order of the book index, without a sort: the ids are checked to ascend, so the batch is
   * in account order as the row-by-row read's ORDER BY makes it. Undefined when something stored
   * does not fit the packing exactly (a newline in an id, a non-number in a number column, too many
   * combinations, rows out of order): the caller then reads row by row.
   */
  private packedBatch(r: DeterminantRange): DeterminantBatch | undefined {
    for (let attempt = 0; attempt < 2; attempt++) {
      const [n, idsText, numbersText, touText] = this.packedStatement().get({
        ...this.comboParams,
        book: r.readingBookId,
        cycle: r.cycle,
        after: r.after,
        upTo: r.upTo,
      }) as [number, string | null, string | null, string];
      if (n === 0) return new DeterminantBatchBuilder(r.cycle, r.readingBookId, 0).build();
      // A read returns at most DETERMINANT_RANGE_MAX rows: the row-by-row read applies the limit.
      if (n > DETERMINANT_RANGE_MAX) return undefined;
      if (idsText === null || numbersText === null) return undefined;
      const ids = idsText.split('\n');
      if (ids.length !== n || !ascending(ids, idsText)) return undefined;
      const values = new Float64Array(n * DETERMINANT_VALUES);
      const keys = new Int32Array(n);
      if (!parseRows(numbersText, values, keys)) return undefined;
      if (keys.some((k) => k < 0)) {
        if (attempt === 0 && this.learnCombos(r)) continue;
        return undefined;
      }
      const tou = parseArray(touText);
      if (tou === undefined || !tou.every((t) => typeof t === 'string')) return undefined;
      return this.assemble(r, ids, values, keys, tou as string[]);
    }
    return undefined;
  }

  private assemble(
    r: DeterminantRange,
    ids: string[],
    values: Float64Array,
    keys: Int32Array,
    tou: string[],
  ): DeterminantBatch {
    const n = ids.length;
    const b: DeterminantBatch = {
      n,
      cycle: r.cycle,
      readingBookId: r.readingBookId,
      accountIds: ids,
      dict: [],
      customerClass: new Uint16Array(n),
      tariffId: new Uint16Array(n),
      periodFrom: new Uint16Array(n),
      periodTo: new Uint16Array(n),
      touWh: new Array<string | null>(n),
      values,
    };
    // Dictionary entries in the order the row-by-row builder makes them: a row's four strings as
    // its combination first occurs.
    const index = new Map<string, number>();
    const intern = (s: string): number => {
      let k = index.get(s);
      if (k === undefined) {
        k = b.dict.length;
        b.dict.push(s);
        index.set(s, k);
      }
      return k;
    };
    const entries = new Int32Array(this.combos.length * 4).fill(-1);
    let t = 0;
    for (let i = 0; i < n; i++) {
      const key = keys[i];
      const c = key >> 1;
      if (entries[c * 4] < 0) for (let k = 0; k < 4; k++) entries[c * 4 + k] = intern(this.combos[c][k]);
      b.customerClass[i] = entries[c * 4];
      b.tariffId[i] = entries[c * 4 + 1];
      b.periodFrom[i] = entries[c * 4 + 2];
      b.periodTo[i] = entries[c * 4 + 3];
      b.touWh[i] = key & 1 ? tou[t++] : null;
    }
    if (t !== tou.length) throw new Error(`determinant read: ${tou.length} TOU texts for ${t} TOU rows`);
    return b;
  }

  /** Adds the range's combinations; false when they would be more than the packed read tells apart. */
  private learnCombos(r: DeterminantRange): boolean {
    const found = this.distinct.all({
      book: r.readingBookId,
      cycle: r.cycle,
      after: r.after,
      upTo: r.upTo,
    }) as [string, string, string, string][];
    const known = new Set(this.combos.map((c) => JSON.stringify(c)));
    const added = found.filter((c) => !known.has(JSON.stringify(c)));
    if (added.length === 0) return false;
    // Books differ in their mix: past the limit, start again from this range's combinations.
    let combos = [...this.combos, ...added];
    if (combos.length > DETERMINANT_COMBOS_MAX) combos = found;
    if (combos.length > DETERMINANT_COMBOS_MAX) return false;
    this.combos = combos;
    this.comboParams = {};
    combos.forEach((c, i) => {
      for (let k = 0; k < 4; k++) this.comboParams[`${COMBO_PARAM[k]}${i}`] = c[k];
    });
    return true;
  }

  private packedStatement(): BetterSqlite3.Statement {
    const k = this.combos.length;
    let s = this.packed.get(k);
    if (!s) {
      const cases = Array.from(
        { length: k },
        (_, i) =>
          `WHEN customer_class = @cc${i} AND tariff_id = @tf${i} AND period_from = @pf${i} AND period_to = @pt${i} THEN ${i}`,
      );
      const combo = k ? `CASE ${cases.join(' ')} ELSE -1 END` : '-1';
      const numbers = [
        'active_wh',
        'reactive_varh',
        'max_demand_w',
        'capacity_va',
        'contract_demand_w',
        'multiplier',
        'flags',
        `(${combo}) * 2 + (tou_wh IS NOT NULL)`,
      ];
      s = this.sqlite
        .prepare(
          `SELECT count(*), group_concat(account_id, char(10)),
             group_concat(format('${numbers.map(() => '%s').join(',')}', ${numbers.join(', ')}), ','),
             json_group_array(tou_wh) FILTER (WHERE tou_wh IS NOT NULL)
           FROM bill_determinants WHERE ${RANGE_WHERE}`,
        )
        .raw(true);
      this.packed.set(k, s);
    }
    return s;
  }

  /** History aligned with a batch's accounts: −1 where an account had no bill in that cycle. */
  history(batch: DeterminantBatch, lastCycle: string, yearCycle: string): RangeHistory {
    return (
      this.packedHistory(batch, lastCycle, yearCycle) ?? {
        lastMonthWh: this.energyOf(batch, lastCycle),
        sameMonthLastYearWh: this.energyOf(batch, yearCycle),
      }
    );
  }

  /**
   * Both cycles in one pass over the accounts' bills, packed like `packedBatch`: the key range
   * holds every cycle of those accounts, so reading it once instead of once per cycle halves the
   * work. Undefined when the packing cannot carry the rows exactly (the caller reads per cycle).
   */
  private packedHistory(batch: DeterminantBatch, lastCycle: string, yearCycle: string): RangeHistory | undefined {
    const n = batch.n;
    const out: RangeHistory = {
      lastMonthWh: new Float64Array(n).fill(-1),
      sameMonthLastYearWh: new Float64Array(n).fill(-1),
    };
    if (n === 0) return out;
    const first = batch.accountIds[0];
    const last = batch.accountIds[n - 1];
    if (this.anyBill.get(first, last) === 0) return out;
    const [count, idsText, numbersText] = this.packedEnergy.get({
      first,
      last,
      lastCycle,
      yearCycle,
      book: batch.readingBookId,
      cycle: batch.cycle,
    }) as [number, string | null, string | null];
    if (count === 0) return out;
    if (idsText === null || numbersText === null) return undefined;
    const accounts = idsText.split('\n');
    const numbers = new Float64Array(count * 3);
    if (accounts.length !== count || !parseIntegers(numbersText, numbers)) return undefined;
    const row = new Map<string, number>();
    for (let i = 0; i < n; i++) row.set(batch.accountIds[i], i);
    // The latest revision of each account and cycle, as the per-cycle read keeps it.
    const lastRevision = new Float64Array(n).fill(-Infinity);
    const yearRevision = new Float64Array(n).fill(-Infinity);
    for (let k = 0; k < count; k++) {
      const i = row.get(accounts[k]);
      if (i === undefined) continue;
      const wh = numbers[k * 3];
      const revision = numbers[k * 3 + 1];
      const isLast = numbers[k * 3 + 2] !== 0;
      if ((isLast || lastCycle === yearCycle) && revision > lastRevision[i]) {
        lastRevision[i] = revision;
        out.lastMonthWh[i] = wh;
      }
      if ((!isLast || lastCycle === yearCycle) && revision > yearRevision[i]) {
        yearRevision[i] = revision;
        out.sameMonthLastYearWh[i] = wh;
      }
    }
    return out;
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
