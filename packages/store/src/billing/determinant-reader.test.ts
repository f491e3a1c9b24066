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
