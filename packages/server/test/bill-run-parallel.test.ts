import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { AppError, ManualClock, SeededRandom } from '@meterflow/core';
import { AUDIT_THRESHOLDS_DEFAULT, type TariffDocument } from '@meterflow/core/billing/index';
import { openDatabase, Store, type BillDeterminantTable } from '@meterflow/store';
import { runBillCycle, type CycleRunOptions } from '../src/billing/bill-cycle-run.ts';
import { storeCatalogue } from '../src/billing/tariff-catalogue.ts';
import { BillWorkerPool } from '../src/billing/bill-worker-pool.ts';

const CYCLE = '2026-10';
const BOOKS = ['bk-a', 'bk-b'];
const PER_BOOK = 12_000;

/** Residential, time-of-use and two-part accounts with a few estimated reads and a mid-month move-in. */
function determinants(): BillDeterminantTable[] {
  const rng = new SeededRandom(7);
  const rows: BillDeterminantTable[] = [];
  BOOKS.forEach((book, b) => {
    for (let i = 0; i < PER_BOOK; i++) {
      const r = rng.next();
      const kind = r < 0.8 ? 'res' : r < 0.95 ? 'tou' : 'two';
      const row: BillDeterminantTable = {
        account_id: `p${b}${String(i).padStart(6, '0')}`,
        cycle: CYCLE,
        reading_book_id: book,
        customer_class: kind === 'res' ? 'residential' : kind === 'tou' ? 'commercial' : 'large_industrial',
        tariff_id:
          kind === 'res'
            ? 'gansu-residential-tiered'
            : kind === 'tou'
              ? 'gansu-commerce-tou'
              : 'gansu-large-industry-two-part',
        period_from: i % 97 === 0 ? '2026-09-14' : '2026-09-01',
        period_to: '2026-10-01',
        active_wh: 0,
        tou_wh: null,
        reactive_varh: 0,
        max_demand_w: 0,
        capacity_va: 0,
        contract_demand_w: 0,
        multiplier: 1,
        flags: i % 53 === 0 ? 1 : 0,
        source: 'test',
        created_at: '2026-10-01T00:00:00.000Z',
      };
      if (kind === 'res') row.active_wh = rng.int(0, 700) * 1000;
      else {
        const t = { peak: rng.int(0, 900) * 100, flat: rng.int(1, 900) * 100, valley: rng.int(0, 900) * 100 };
        row.tou_wh = JSON.stringify(t);
        row.active_wh = t.peak + t.flat + t.valley;
        row.multiplier = kind === 'tou' ? 20 : 4000;
        if (kind === 'two') {
          // Power factors vary, so each thread first meets a different power-factor label.
          row.reactive_varh = Math.floor((row.active_wh * rng.int(20, 80)) / 100);
          row.capacity_va = 1_000_000;
          row.contract_demand_w = 500_000;
          row.max_demand_w = rng.int(50, 120);
        }
      }
      rows.push(row);
    }
  });
  return rows;
}

async function billedWith(dir: string, name: string, workers: number, more: Partial<CycleRunOptions> = {}) {
  const handle = await openDatabase({ url: `sqlite:${join(dir, `${name}.db`)}` });
  const store = Store.of(handle);
  const clock = new ManualClock('2026-10-05T02:00:00Z');
  await storeCatalogue(store, clock.now().toISOString());
  await store.orgs.insertMany([{ id: 'org', parentId: null, code: '1', name: '省', nameEn: 'P', level: 'province' }]);
  await store.accounts.insertReadingBooks(BOOKS.map((id) => ({ id, orgId: 'org', code: id, name: id, readingDay: 1 })));
  await store.billing.determinants.putMany(determinants());
  const synchronous = handle.sqlite!.pragma('synchronous', { simple: true });
  const run = await runBillCycle(store, clock, { cycle: CYCLE, actor: 'test', holder: name, workers, ...more });
  assert.equal(handle.sqlite!.pragma('synchronous', { simple: true }), synchronous, 'the commit level is restored');
  const bills = handle.sqlite!.prepare('SELECT * FROM bills ORDER BY id').all();
  const audit = handle.sqlite!.prepare('SELECT * FROM bill_audit_results ORDER BY bill_id, rule').all();
  await handle.close();
  return { run, bills, audit };
}

test('worker threads writing through stages store exactly the bills the main thread alone stores', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-parallel-run-'));
  const stageDir = mkdtempSync(join(tmpdir(), 'mf-parallel-stages-'));
  process.env.MF_BILL_STAGE_DIR = stageDir;
  try {
    const parallel = await billedWith(dir, 'parallel', 2);
    const inline = await billedWith(dir, 'inline', 0);
    assert.equal(parallel.run.workers, 2);
    // 12,000 accounts a book in chunks of 5,000: three chunks each, all through stages.
    assert.equal(parallel.run.stagedChunks, 6);
    assert.equal(inline.run.stagedChunks, 0);
    assert.equal(inline.run.workers, 0);
    assert.equal(parallel.bills.length, BOOKS.length * PER_BOOK);
    assert.equal(parallel.run.computed, BOOKS.length * PER_BOOK);
    assert.deepEqual(parallel.run.byStatus, inline.run.byStatus);
    assert.ok((parallel.run.byStatus.held ?? 0) > 0, 'some bills are held for audit');
    assert.ok(parallel.audit.length > 0);
    assert.deepEqual(parallel.bills, inline.bills);
    assert.deepEqual(parallel.audit, inline.audit);
    assert.deepEqual(readdirSync(stageDir), [], 'stage files are removed after the run');
  } finally {
    delete process.env.MF_BILL_STAGE_DIR;
    rmSync(dir, { recursive: true, force: true });
    rmSync(stageDir, { recursive: true, force: true });
  }
});

test('a run inside the server (commits not relaxed, only the books in scope) bills the same on workers', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-parallel-scoped-'));
  try {
    let wrapped = 0;
    const scoped = await billedWith(dir, 'scoped', 2, {
      bulk: false,
      readingBookIds: ['bk-b'],
      inline: (c) => {
        wrapped++;
        return c;
      },
    });
    const inline = await billedWith(dir, 'inline', 0);
    assert.equal(scoped.run.workers, 2);
    assert.equal(wrapped, 0, 'with workers nothing computes in the calling thread');
    assert.deepEqual(
      scoped.run.books.map((b) => b.readingBookId),
      ['bk-b'],
    );
    assert.equal(scoped.run.stagedChunks, 3);
    const ofB = (rows: unknown[]) => rows.filter((r) => (r as { reading_book_id: string }).reading_book_id === 'bk-b');
    assert.equal(scoped.bills.length, PER_BOOK);
    assert.deepEqual(scoped.bills, ofB(inline.bills));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('a worker pool refuses an invalid tariff before any thread starts (the threads compile without validating)', () => {
  const source = {
    rangeBatch: () => Promise.reject(new Error('not read')),
    rangeHistory: () => Promise.reject(new Error('not read')),
  };
  const bad = { broken: { id: 'broken', name: 'x', versions: [] } as unknown as TariffDocument };
  assert.throws(
    () => new BillWorkerPool(2, bad, AUDIT_THRESHOLDS_DEFAULT, source),
    (e: unknown) => e instanceof AppError && e.code === 'TARIFF_INVALID',
  );
});
