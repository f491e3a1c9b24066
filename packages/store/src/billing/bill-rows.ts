import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { BillAuditResultTable, BillTable } from './billing-schema.ts';

/** Bill columns in insert order (the prepared statement binds arrays in this order). */
export const BILL_COLUMNS = [
  'id',
  'account_id',
  'cycle',
  'revision',
  'reading_book_id',
  'customer_class',
  'tariff_id',
  'tariff_version',
  'period_from',
  'period_to',
  'days',
  'energy_wh',
  'total_fen',
  'net_fen',
  'tax_fen',
  'pf_hundredths',
  'estimated',
  'status',
  'lines',
  'calculated_at',
  'released_at',
  'released_by',
  'replaces_bill_id',
] as const satisfies readonly (keyof BillTable)[];

/** Every bill column but the lines: what lists and queues read. */
export const BILL_SUMMARY_COLUMNS = BILL_COLUMNS.filter(
  (c): c is Exclude<(typeof BILL_COLUMNS)[number], 'lines'> => c !== 'lines',
);

/** Rows per multi-row INSERT on the Kysely path (23 columns × 250 stays under parameter limits). */
const BILL_INSERT_ROWS = 250;

const statements = new WeakMap<
  BetterSqlite3.Database,
  { bill: BetterSqlite3.Statement; audit: BetterSqlite3.Statement }
>();

function prepared(sqlite: BetterSqlite3.Database) {
  let s = statements.get(sqlite);
  if (!s) {
    s = {
      // A bill already stored for the same id (a rerun or resumed run) is kept as it is.
      bill: sqlite.prepare(
        `INSERT INTO bills (${BILL_COLUMNS.join(',')}) VALUES (${BILL_COLUMNS.map(() => '?').join(',')}) ON CONFLICT(id) DO NOTHING`,
      ),
      audit: sqlite.prepare(
        'INSERT INTO bill_audit_results (bill_id, rule, params, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      ),
    };
    statements.set(sqlite, s);
  }
  return s;
}

/** Inserts bills and audit results, skipping ids already stored; synchronous on SQLite, awaited on Kysely. */
export function insertBillRows(
  target: BetterSqlite3.Database | Kysely<Database>,
  bills: readonly BillTable[],
  audit: readonly BillAuditResultTable[],
): void | Promise<void> {
  if (!('selectFrom' in target)) {
    const s = prepared(target);
    for (const b of bills) {
      s.bill.run(
        b.id,
        b.account_id,
        b.cycle,
        b.revision,
        b.reading_book_id,
        b.customer_class,
        b.tariff_id,
        b.tariff_version,
        b.period_from,
        b.period_to,
        b.days,
        b.energy_wh,
        b.total_fen,
        b.net_fen,
        b.tax_fen,
        b.pf_hundredths,
        b.estimated,
        b.status,
        b.lines,
        b.calculated_at,
        b.released_at,
        b.released_by,
        b.replaces_bill_id,
      );
    }
    for (const a of audit) s.audit.run(a.bill_id, a.rule, a.params, a.created_at);
    return;
  }
  return insertWithKysely(target, bills, audit);
}

async function insertWithKysely(
  db: Kysely<Database>,
  bills: readonly BillTable[],
  audit: readonly BillAuditResultTable[],
): Promise<void> {
  for (let i = 0; i < bills.length; i += BILL_INSERT_ROWS) {
    await db
      .insertInto('bills')
      .values(bills.slice(i, i + BILL_INSERT_ROWS))
      .onConflict((oc) => oc.column('id').doNothing())
      .execute();
  }
  for (let i = 0; i < audit.length; i += BILL_INSERT_ROWS) {
    await db
      .insertInto('bill_audit_results')
      .values(audit.slice(i, i + BILL_INSERT_ROWS))
      .onConflict((oc) => oc.columns(['bill_id', 'rule']).doNothing())
      .execute();
  }
}
