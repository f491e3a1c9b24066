import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { openDatabase, type DatabaseHandle } from '../open-database.ts';
import { batchOfRows, DETERMINANT_BATCH_COLUMNS } from './determinant-batch.ts';
import { DETERMINANT_COMBOS_MAX, DeterminantReader, type DeterminantRange } from './determinant-reader.ts';
import type { BillDeterminantTable } from './billing-schema.ts';

const dir = mkdtempSync(join(tmpdir(), 'mf-determinant-reader-'));
let handle: DatabaseHandle;
let sqlite: BetterSqlite3.Database;

before(async () => {
  handle = await openDatabase({ url: `sqlite:${join(dir, 'reader.db')}` });
  sqlite = handle.sqlite!;
});
after(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const row = (book: string, i: number, over: Partial<Record<keyof BillDeterminantTable, unknown>> = {}) => ({
  account_id: `acc-${String(i).padStart(5, '0')}`,
  cycle: '2026-10',
  reading_book_id: book,
  customer_class: i % 3 ? 'residential' : 'commercial',
  tariff_id: i % 3 ? 'res' : 'tou',
  period_from: '2026-09-01',
  period_to: '2026-10-01',
  active_wh: 1000 * i,
  tou_wh: i % 3 ? null : JSON.stringify({ peak: i, flat: 2 * i, valley: 3 }),
  reactive_varh: i % 5 ? 0 : 7 * i,
  max_demand_w: i % 7,
  capacity_va: 0,
  contract_demand_w: 0,
  multiplier: i % 4 ? 1 : 30,
  flags: i % 9,
  source: 'test',
  created_at: '2026-10-01T00:00:00.000Z',
  ...over,
});

const COLUMNS = Object.keys(row('x', 0));
function put(rows: Record<string, unknown>[]): void {
  const stmt = sqlite.prepare(
    `INSERT INTO bill_determinants (${COLUMNS.join(',')}) VALUES (${COLUMNS.map(() => '?').join(',')})`,
  );
  sqlite.transaction(() => rows.forEach((r) => stmt.run(COLUMNS.map((c) => r[c]))))();
}

/** What a range holds, read plainly row by row: the reference for every read. */
function expected(r: DeterminantRange) {
  const rows = sqlite
    .prepare(
      `SELECT ${DETERMINANT_BATCH_COLUMNS.join(',')} FROM bill_determinants
       WHERE reading_book_id = ? AND cycle = ? AND account_id > ? AND account_id <= ? ORDER BY account_id`,
    )
    .all(r.readingBookId, r.cycle, r.after, r.upTo) as BillDeterminantTable[];
  return batchOfRows(r.cycle, r.readingBookId, rows);
}

const range = (book: string, after: string, upTo: string): DeterminantRange => ({
  readingBookId: book,
  cycle: '2026-10',
  after,
  upTo,
});

test('ranges read as the rows hold them, learning new classes, tariffs and periods on the way', () => {
  put(Array.from({ length: 3000 }, (_, i) => row('rb-a', i)));
  put(
    Array.from({ length: 1000 }, (_, i) =>
      row('rb-b', 5000 + i, {
        customer_class: i % 2 ? 'agricultural' : 'residential',
        period_from: i % 4 ? '2026-09-12' : '2026-09-01',
        tou_wh: i % 6 ? null : '',
      }),
    ),
  );
  const reader = new DeterminantReader(sqlite);
  for (const r of [
    range('rb-a', '', 'acc-00999'),
    range('rb-a', 'acc-00999', 'acc-02999'),
    range('rb-b', '', 'acc-05999'),
    range('rb-a', 'acc-00100', 'acc-00200'),
    range('rb-a', 'acc-02999', 'acc-09999'),
    range('rb-none', '', 'z'),
  ]) {
    const got = reader.batch(r);
    assert.deepEqual(got, expected(r));
  }
  const b = reader.batch(range('rb-b', '', 'acc-05999'));
  assert.deepEqual(b.dict.slice(0, 4), ['residential', 'res', '2026-09-01', '2026-10-01']);
  assert.equal(b.touWh[0], '');
  assert.equal(b.n, 1000);
});

test('what the packed read cannot carry exactly is read row by row, with the same result', () => {
  const odd = (i: number, over: Partial<Record<keyof BillDeterminantTable, unknown>> = {}) =>
    row('rb-odd', i, { account_id: `odd-${i}`, ...over });
  put([
    odd(1),
    odd(2, { account_id: 'odd-2\nx' }),
    odd(3, { active_wh: 'not a number' }),
    odd(4, { reactive_varh: '"5"' }),
    odd(5, { max_demand_w: 1.5 }),
    odd(6, { capacity_va: 2 ** 60 }),
    odd(7, { tou_wh: '{"peak":1}\n"x"' }),
    odd(8, { account_id: 'odd-8-😀' }),
    odd(9, { account_id: 'odd-9-\uffee' }),
  ]);
  const reader = new DeterminantReader(sqlite);
  for (const [after, upTo] of [
    ['', 'odd-1'],
    ['', 'odd-2\nx'],
    ['odd-2\nx', 'odd-3'],
    ['odd-3', 'odd-4'],
    ['odd-4', 'odd-6'],
    ['odd-6', 'odd-7'],
    ['odd-7', 'odd-99'],
    ['', 'odd-99'],
  ]) {
    const r = range('rb-odd', after, upTo);
    assert.deepEqual(reader.batch(r), expected(r), `${after}..${upTo}`);
  }
  assert.ok(Number.isNaN(reader.batch(range('rb-odd', 'odd-2\nx', 'odd-3')).values[0]));
});

test(`more than ${DETERMINANT_COMBOS_MAX} combinations in a range still read exactly`, () => {
  put(Array.from({ length: DETERMINANT_COMBOS_MAX + 8 }, (_, i) => row('rb-many', 7000 + i, { tariff_id: `t-${i}` })));
  const reader = new DeterminantReader(sqlite);
  const all = range('rb-many', '', 'acc-99999');
  assert.deepEqual(reader.batch(all), expected(all));
  // A range with few combinations afterwards is read (and packed) again.
  const few = range('rb-a', '', 'acc-00999');
  assert.deepEqual(reader.batch(few), expected(few));
  assert.deepEqual(reader.batch(all), expected(all));
});

test('history: the latest revision of each account in both cycles, rejected bills left out, as read per cycle', () => {
  const bill = (account: string, cycle: string, revision: number, energy: unknown, status = 'passed') => ({
    id: `${account}.${cycle}.${revision}`,
    account_id: account,
    cycle,
    revision,
    reading_book_id: 'rb-h',
    customer_class: 'residential',
    tariff_id: 'res',
    tariff_version: 1,
    period_from: '2026-08-01',
    period_to: '2026-09-01',
    days: 31,
    energy_wh: energy,
    total_fen: 0,
    net_fen: 0,
    tax_fen: 0,
    pf_hundredths: null,
    estimated: 0,
    status,
    lines: '[]',
    calculated_at: '2026-09-02T00:00:00.000Z',
  });
  const bills = [
    bill('h-1', '2026-09', 0, 100),
    bill('h-1', '2026-09', 1, 150),
    bill('h-1', '2025-10', 0, 90),
    bill('h-2', '2026-09', 0, 200),
    bill('h-2', '2026-09', 1, 999, 'rejected'),
    bill('h-2', '2026-08', 0, 777),
    bill('h-3', '2025-10', 2, 300),
    bill('h-3', '2025-10', 0, 1),
    bill('h-0', '2026-09', 0, 5),
    bill('h-9', '2026-09', 0, 5),
    bill('h-1.x', '2026-09', 0, 42),
  ];
  const cols = Object.keys(bills[0]);
  const stmt = sqlite.prepare(`INSERT INTO bills (${cols.join(',')}) VALUES (${cols.map(() => '?').join(',')})`);
  sqlite.transaction(() => bills.forEach((b) => stmt.run(cols.map((c) => (b as Record<string, unknown>)[c]))))();
  put(['h-1', 'h-1.x', 'h-2', 'h-3', 'h-4'].map((a, i) => row('rb-h', 20_000 + i, { account_id: a })));
  const reader = new DeterminantReader(sqlite);
  const batch = reader.batch(range('rb-h', '', 'h-4'));
  assert.deepEqual(batch.accountIds, ['h-1', 'h-1.x', 'h-2', 'h-3', 'h-4']);
  const h = reader.history(batch, '2026-09', '2025-10');
  assert.deepEqual([...h.lastMonthWh], [150, 42, 200, -1, -1]);
  assert.deepEqual([...h.sameMonthLastYearWh], [90, -1, -1, 300, -1]);
  const same = reader.history(batch, '2026-09', '2026-09');
  assert.deepEqual([...same.sameMonthLastYearWh], [...same.lastMonthWh]);
  // An energy the packed read cannot carry exactly is read per cycle, with the same result.
  sqlite.prepare(`UPDATE bills SET energy_wh = 150.5 WHERE id = 'h-1.2026-09.1'`).run();
  assert.deepEqual([...reader.history(batch, '2026-09', '2025-10').lastMonthWh], [150.5, 42, 200, -1, -1]);
  assert.deepEqual(
    [...reader.history(reader.batch(range('rb-h', 'h-4', 'h-9')), '2026-09', '2025-10').lastMonthWh],
    [],
  );
  // A range of one account: with no bill of its own it has no history, though its neighbours have
  // bills; with one, that bill is found.
  const none = reader.history(reader.batch(range('rb-h', 'h-3', 'h-4')), '2026-09', '2025-10');
  assert.deepEqual([...none.lastMonthWh, ...none.sameMonthLastYearWh], [-1, -1]);
  const one = reader.history(reader.batch(range('rb-h', 'h-2', 'h-3')), '2026-09', '2025-10');
  assert.deepEqual([...one.lastMonthWh, ...one.sameMonthLastYearWh], [-1, 300]);
});
