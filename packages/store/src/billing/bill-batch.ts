import type BetterSqlite3 from 'better-sqlite3';
import type { BillAuditResultTable, BillLineMetaTable, BillTable } from './billing-schema.ts';
import type { DeterminantBatch } from './determinant-batch.ts';

/** Values one bill row binds in the bulk insert (`putBillRow`). */
const BILL_ROW_VALUES = 15;

/** Numbers per bill in `BillBatch.values`, in `BILL_VALUE` order. */
export const BILL_VALUES = 9;

/** Offsets of a bill's numbers in `BillBatch.values`; `pfHundredths` −1 stands for none. */
export const BILL_VALUE = {
  tariffVersion: 0,
  days: 1,
  energyWh: 2,
  totalFen: 3,
  netFen: 4,
  taxFen: 5,
  pfHundredths: 6,
  estimated: 7,
  held: 8,
} as const;

/**
 * The bills (revision 0) calculated from a `DeterminantBatch`, row for row, in columns: what a
 * worker thread sends back. Account, class, tariff and period come from the determinants batch.
 */
export interface BillBatch {
  n: number;
  values: Float64Array;
  /** Encoded lines per bill (bill-line-codec). */
  lines: string[];
  /** Audit reasons of held bills: the row they belong to, rule and JSON params. */
  auditRows: number[];
  auditRules: string[];
  auditParams: string[];
  newLineMeta: BillLineMetaTable[];
}

/** A bill run's bills are all revision 0 of the cycle; their id says so. */
export function runBillId(accountId: string, cycle: string): string {
  return `${accountId}.${cycle}.0`;
}

/** The bills and audit results of a batch as table rows (the query-builder path and tests). */
export function billRowsOfBatch(
  det: DeterminantBatch,
  bills: BillBatch,
  calculatedAt: string,
): { bills: BillTable[]; auditResults: BillAuditResultTable[] } {
  const rows: BillTable[] = new Array(bills.n);
  const v = bills.values;
  for (let i = 0; i < bills.n; i++) {
    const o = i * BILL_VALUES;
    const pf = v[o + BILL_VALUE.pfHundredths];
    rows[i] = {
      id: runBillId(det.accountIds[i], det.cycle),
      account_id: det.accountIds[i],
      cycle: det.cycle,
      revision: 0,
      reading_book_id: det.readingBookId,
      customer_class: det.dict[det.customerClass[i]],
      tariff_id: det.dict[det.tariffId[i]],
      tariff_version: v[o + BILL_VALUE.tariffVersion],
      period_from: det.dict[det.periodFrom[i]],
      period_to: det.dict[det.periodTo[i]],
      days: v[o + BILL_VALUE.days],
      energy_wh: v[o + BILL_VALUE.energyWh],
      total_fen: v[o + BILL_VALUE.totalFen],
      net_fen: v[o + BILL_VALUE.netFen],
      tax_fen: v[o + BILL_VALUE.taxFen],
      pf_hundredths: pf < 0 ? null : pf,
      estimated: v[o + BILL_VALUE.estimated],
      status: v[o + BILL_VALUE.held] ? 'held' : 'passed',
      lines: bills.lines[i],
      calculated_at: calculatedAt,
      released_at: null,
      released_by: null,
      replaces_bill_id: null,
    };
  }
  const auditResults = bills.auditRows.map((row, k) => ({
    bill_id: runBillId(det.accountIds[row], det.cycle),
    rule: bills.auditRules[k],
    params: bills.auditParams[k],
    created_at: calculatedAt,
  }));
  return { bills: rows, auditResults };
}

/** Bills per multi-row INSERT: 15 parameters each, far under SQLite's 32,766. */
export const BILL_BATCH_INSERT_ROWS = 128;
const PER_ROW = BILL_ROW_VALUES;

const statements = new WeakMap<BetterSqlite3.Database, Map<number, BetterSqlite3.Statement>>();

/**
 * `rows` bills per statement. Values the whole run shares (cycle, book, calculation time) are bound
 * once per statement, and the id is built by SQLite; an id already stored is kept (reruns).
 */
function insertStatement(sqlite: BetterSqlite3.Database, rows: number): BetterSqlite3.Statement {
  let byRows = statements.get(sqlite);
  if (!byRows) statements.set(sqlite, (byRows = new Map()));
  let s = byRows.get(rows);
  if (!s) {
    const tuple = `(${new Array(PER_ROW).fill('?').join(',')})`;
    const cols = Array.from({ length: PER_ROW }, (_, k) => `column${k + 1}`);
    s = sqlite.prepare(
      `INSERT INTO bills (id, account_id, cycle, revision, reading_book_id, calculated_at, customer_class, tariff_id,
         tariff_version, period_from, period_to, days, energy_wh, total_fen, net_fen, tax_fen, pf_hundredths, estimated,
         status, lines)
       SELECT column1 || ?, column1, ?, 0, ?, ?, ${cols.slice(1).join(', ')}
       FROM (VALUES ${new Array(rows).fill(tuple).join(',')}) WHERE true
       ON CONFLICT(id) DO NOTHING`,
    );
    byRows.set(rows, s);
  }
  return s;
}

/**
 * Writes bill `i` of a batch into `args` from `a` on — account, class, tariff, version, period,
 * days, energy, total, net, tax, power factor (null when none), estimated, status, lines — and
 * returns the next free position.
 */
function putBillRow(args: unknown[], a: number, det: DeterminantBatch, bills: BillBatch, i: number): number {
  const v = bills.values;
  const d = det.dict;
  const o = i * BILL_VALUES;
  const pf = v[o + BILL_VALUE.pfHundredths];
  args[a++] = det.accountIds[i];
  args[a++] = d[det.customerClass[i]];
  args[a++] = d[det.tariffId[i]];
  args[a++] = v[o + BILL_VALUE.tariffVersion];
  args[a++] = d[det.periodFrom[i]];
  args[a++] = d[det.periodTo[i]];
  args[a++] = v[o + BILL_VALUE.days];
  args[a++] = v[o + BILL_VALUE.energyWh];
  args[a++] = v[o + BILL_VALUE.totalFen];
  args[a++] = v[o + BILL_VALUE.netFen];
  args[a++] = v[o + BILL_VALUE.taxFen];
  args[a++] = pf < 0 ? null : pf;
  args[a++] = v[o + BILL_VALUE.estimated];
  args[a++] = v[o + BILL_VALUE.held] ? 'held' : 'passed';
  args[a++] = bills.lines[i];
  return a;
}

/** Inserts a batch's bills and audit results on SQLite (inside the caller's transaction); returns bills inserted. */
export function insertBillBatch(
  sqlite: BetterSqlite3.Database,
  det: DeterminantBatch,
  bills: BillBatch,
  calculatedAt: string,
): number {
  let inserted = 0;
  for (let start = 0; start < bills.n; start += BILL_BATCH_INSERT_ROWS) {
    const rows = Math.min(BILL_BATCH_INSERT_ROWS, bills.n - start);
    const args: unknown[] = new Array(4 + rows * PER_ROW);
    args[0] = `.${det.cycle}.0`;
    args[1] = det.cycle;
    args[2] = det.readingBookId;
    args[3] = calculatedAt;
    let a = 4;
    for (let i = start; i < start + rows; i++) a = putBillRow(args, a, det, bills, i);
    inserted += insertStatement(sqlite, rows).run(args).changes;
  }
  return inserted;
}
