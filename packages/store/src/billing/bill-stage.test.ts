import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { openDatabase, type DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';
import { BILL_VALUES, type BillBatch } from './bill-batch.ts';
import { BillStageWriter } from './bill-stage.ts';
import type { BillDeterminantTable } from './billing-schema.ts';

const AT = '2026-11-28T02:00:00.000Z';
const LATER = '2026-11-28T03:00:00.000Z';

const det = (i: number): BillDeterminantTable => ({
  account_id: `acc-${String(i).padStart(4, '0')}`,
  cycle: '2026-11',
  reading_book_id: 'rb-1',
  customer_class: i % 2 ? 'residential' : 'commercial',
  tariff_id: i % 2 ? 'tariff-a' : 'tariff-b',
  period_from: i === 3 ? '2026-10-12' : '2026-10-01',
  period_to: '2026-11-01',
  active_wh: 1000 * i,
  tou_wh: null,
  reactive_varh: 0,
  max_demand_w: 0,
  capacity_va: 0,
  contract_demand_w: 0,
  multiplier: 1,
  flags: 0,
  source: 'test',
  created_at: AT,
});

function billsFor(n: number, offset: number): BillBatch {
  const values = new Float64Array(n * BILL_VALUES);
  const lines: string[] = [];
  for (let i = 0; i < n; i++) {
    // version, days, energy, total, net, tax, pf (−1 none), estimated, held
    values.set(
      [1, 31, 1000 * (i + offset), 500 + i, 442 + i, 58, i === 1 ? 93 : -1, i === 2 ? 1 : 0, i === 2 && n > 2 ? 1 : 0],
      i * BILL_VALUES,
    );
    lines.push(`[["energy.tier1",${1000 * (i + offset)},510000,${500 + i},1,0,0]]`);
  }
  const held = n > 2;
  return {
    n,
    values,
    lines,
    auditRows: held ? [2] : [],
    auditRules: held ? ['estimatedRead'] : [],
    auditParams: held ? ['{"x":1}'] : [],
    newLineMeta: [],
  };
}

async function storeWith(path: string): Promise<{ handle: DatabaseHandle; store: Store }> {
  const handle = await openDatabase({ url: `sqlite:${path}` });
  const store = Store.of(handle);
  await store.orgs.insertMany([{ id: 'org', parentId: null, code: '1', name: '省', nameEn: 'P', level: 'province' }]);
  await store.accounts.insertReadingBooks([{ id: 'rb-1', orgId: 'org', code: 'rb-1', name: 'rb-1', readingDay: 1 }]);
  await store.billing.determinants.putMany([1, 2, 3, 4, 5].map(det));
  return { handle, store };
}

test('a staged chunk is stored exactly as the bound rows would be, once, and a stage takes the next chunk', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-stage-test-'));
  const writer = new BillStageWriter();
  try {
    const direct = await storeWith(join(dir, 'direct.db'));
    const staged = await storeWith(join(dir, 'staged.db'));
    const lease = { readingBookId: 'rb-1', cycle: '2026-11', holder: 'r' };
    const stages = staged.store.billing.runs.openStages(2);
    assert.ok(stages, 'a file database gets stages');
    assert.equal(stages.stages.length, 2);
    for (const s of [direct, staged])
      assert.ok(
        await s.store.billing.runs.acquire(lease, { now: AT, expiresAt: LATER, accountsTotal: 5, startedBy: 'u' }),
      );

    const chunks = [
      { range: { readingBookId: 'rb-1', cycle: '2026-11', after: '', upTo: 'acc-0003' }, offset: 1 },
      { range: { readingBookId: 'rb-1', cycle: '2026-11', after: 'acc-0003', upTo: 'acc-0005' }, offset: 4 },
    ];
    let done = 0;
    for (const { range, offset } of chunks) {
      const batch = await staged.store.billing.determinants.rangeBatch(range);
      const bills = billsFor(batch.n, offset);
      done += batch.n;
      const commit = { cursor: range.upTo, accountsDone: done, leaseExpiresAt: LATER, calculatedAt: AT };
      assert.equal(await direct.store.billing.runs.commitBatch(lease, batch, bills, commit), batch.n);
      // Both chunks go through the same stage: the second replaces the first's rows.
      writer.write(stages.stages[0].path, batch, bills);
      const stagedIn: string = stages.stages[0].alias;
      assert.equal(await staged.store.billing.runs.commitBatch(lease, batch, bills, { ...commit, stagedIn }), batch.n);
      assert.equal(await staged.store.billing.runs.commitBatch(lease, batch, bills, { ...commit, stagedIn }), 0);
    }
    const rows = (h: DatabaseHandle) => h.sqlite!.prepare('SELECT * FROM bills ORDER BY id').all();
    const audit = (h: DatabaseHandle) => h.sqlite!.prepare('SELECT * FROM bill_audit_results ORDER BY bill_id').all();
    assert.equal(rows(staged.handle).length, 5);
    assert.deepEqual(rows(staged.handle), rows(direct.handle));
    assert.deepEqual(audit(staged.handle), audit(direct.handle));
    assert.equal(audit(staged.handle).length, 1);
    assert.equal((await staged.store.billing.runs.get('rb-1', '2026-11'))?.cursor, 'acc-0005');

    // A lost lease still refuses the commit, staged or not.
    const batch = await staged.store.billing.determinants.rangeBatch(chunks[0].range);
    await assert.rejects(
      staged.store.billing.runs.commitBatch({ ...lease, holder: 'other' }, batch, billsFor(batch.n, 1), {
        cursor: 'acc-0003',
        accountsDone: 3,
        leaseExpiresAt: LATER,
        calculatedAt: AT,
        stagedIn: stages.stages[1].alias,
      }),
      { code: 'CONFLICT' },
    );

    writer.close();
    stages.close();
    for (const s of stages.stages) assert.equal(existsSync(s.path), false);
    const attached = staged.handle.sqlite!.prepare('PRAGMA database_list').all() as { name: string }[];
    assert.deepEqual(
      attached.map((d) => d.name).filter((n) => n.startsWith('bill_stage')),
      [],
    );
    await direct.handle.close();
    await staged.handle.close();
  } finally {
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('an in-memory database has no stages to share', async () => {
  const handle = await openDatabase({ url: 'sqlite::memory:' });
  try {
    assert.equal(Store.of(handle).billing.runs.openStages(2), undefined);
  } finally {
    await handle.close();
  }
});

test('a bill the narrow stage row cannot carry exactly is refused, naming its account', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-stage-refuse-'));
  const writer = new BillStageWriter();
  try {
    const { handle, store } = await storeWith(join(dir, 'staged.db'));
    const stages = store.billing.runs.openStages(1)!;
    const batch = await store.billing.determinants.rangeBatch({
      readingBookId: 'rb-1',
      cycle: '2026-11',
      after: '',
      upTo: 'acc-0002',
    });
    const bad = (offset: number, value: number) => {
      const bills = billsFor(batch.n, 1);
      bills.values[BILL_VALUES + offset] = value;
      return bills;
    };
    // Days beyond the packed integer's field, a fractional version, a net that is not total less tax.
    assert.throws(() => writer.write(stages.stages[0].path, batch, bad(1, 1 << 18)), /account acc-0002: 262144 days/);
    assert.throws(() => writer.write(stages.stages[0].path, batch, bad(0, 1.5)), /acc-0002: tariff version 1.5/);
    assert.throws(() => writer.write(stages.stages[0].path, batch, bad(4, 1)), /acc-0002: net and tax/);
    writer.close();
    stages.close();
    await handle.close();
  } finally {
    writer.close();
    rmSync(dir, { recursive: true, force: true });
  }
});

test('stages closed while another transaction holds the connection are detached once it ends', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-stage-busy-'));
  try {
    const { handle, store } = await storeWith(join(dir, 'staged.db'));
    const sqlite = handle.sqlite!;
    const stages = store.billing.runs.openStages(2)!;
    const aliases = () =>
      (sqlite.prepare('PRAGMA database_list').all() as { name: string }[])
        .map((d) => d.name)
        .filter((n) => n.startsWith('bill_stage'));
    assert.equal(aliases().length, 2);
    sqlite.exec('BEGIN');
    stages.close();
    for (const s of stages.stages) assert.equal(existsSync(s.path), false, 'the files go at once');
    await new Promise((r) => setTimeout(r, 120));
    assert.equal(aliases().length, 2, 'still attached while the transaction lasts');
    sqlite.exec('COMMIT');
    await new Promise((r) => setTimeout(r, 120));
    assert.deepEqual(aliases(), []);
    await handle.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
