/** The billing repositories' contract, run on SQLite and PostgreSQL. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { sql } from 'kysely';
import type { DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';
import type { BillDeterminantTable, BillTable } from './billing-schema.ts';
import { BILL_VALUES } from './bill-batch.ts';
import { DETERMINANT_VALUE, DETERMINANT_VALUES } from './determinant-batch.ts';

const AT = '2026-11-28T02:00:00.000Z';
const LATER = '2026-11-28T03:00:00.000Z';
const CATALOGUE_DOC = {
  id: 'test-flat',
  name: { zh: '测试', en: 'Test' },
  versions: [{ version: 1, effectiveFrom: '2024-01-01', vatRatePercent: '13' }],
};

const det = (i: number): BillDeterminantTable => ({
  account_id: `acc-${String(i).padStart(4, '0')}`,
  cycle: '2026-11',
  reading_book_id: 'rb-1',
  customer_class: 'residential',
  tariff_id: 'test-flat',
  period_from: '2026-10-15',
  period_to: '2026-11-15',
  active_wh: 100_000 + i,
  tou_wh: i % 2 ? JSON.stringify({ peak: 1, flat: 2 }) : null,
  reactive_varh: 0,
  max_demand_w: 0,
  capacity_va: 0,
  contract_demand_w: 0,
  multiplier: 1,
  flags: 0,
  source: 'test',
  created_at: AT,
});

const bill = (d: BillDeterminantTable, status: BillTable['status']): BillTable => ({
  id: `${d.account_id}.${d.cycle}.0`,
  account_id: d.account_id,
  cycle: d.cycle,
  revision: 0,
  reading_book_id: d.reading_book_id,
  customer_class: d.customer_class,
  tariff_id: d.tariff_id,
  tariff_version: 1,
  period_from: d.period_from,
  period_to: d.period_to,
  days: 31,
  energy_wh: d.active_wh,
  total_fen: 5100,
  net_fen: 4513,
  tax_fen: 587,
  pf_hundredths: null,
  estimated: 0,
  status,
  lines: '[["energy",100000,510000,5100,1,0,0]]',
  calculated_at: AT,
  released_at: null,
  released_by: null,
  replaces_bill_id: null,
});

export function billingContract(name: string, open: () => Promise<DatabaseHandle>): void {
  describe(`billing store on ${name}`, () => {
    let handle: DatabaseHandle;
    let store: Store;
    before(async () => {
      handle = await open();
      store = Store.of(handle);
    });
    after(async () => handle.close());

    test('the catalogue is stored with its versions, line metadata once per code', async () => {
      const b = store.billing;
      await b.tariffs.saveCatalogue([{ code: 'T-FLAT', document: CATALOGUE_DOC }], AT);
      await b.tariffs.saveCatalogue([{ code: 'T-FLAT', document: CATALOGUE_DOC }], LATER);
      assert.equal((await b.tariffs.byCode('T-FLAT'))?.id, 'test-flat');
      assert.deepEqual(await b.tariffs.versions('test-flat'), [
        { version: 1, effective_from: '2024-01-01', vat_rate_percent: '13' },
      ]);
      const meta = {
        tariff_id: 'test-flat',
        code: 'energy',
        label_zh: '电度电费',
        label_en: 'Energy',
        category: 'energy',
        unit: 'Wh',
        price_unit: 'microYuan/kWh',
        rule: 'flatEnergy',
      };
      await b.tariffs.saveLineMeta([meta]);
      await b.tariffs.saveLineMeta([{ ...meta, label_en: 'other' }]);
      assert.deepEqual(await b.tariffs.lineMeta(['test-flat']), [meta]);
    });

    test('determinants are replaced per account and cycle and paged in account order', async () => {
      const d = store.billing.determinants;
      await d.putMany([det(3), det(1), det(2)]);
      await d.putMany([{ ...det(2), active_wh: 7 }]);
      const page = await d.page('rb-1', '2026-11', '', 2);
      assert.deepEqual(
        page.map((r) => r.account_id),
        ['acc-0001', 'acc-0002'],
      );
      assert.equal(Number(page[1].active_wh), 7);
      assert.equal(page[0].tou_wh, JSON.stringify({ peak: 1, flat: 2 }));
      assert.deepEqual(
        (await d.page('rb-1', '2026-11', 'acc-0002', 10)).map((r) => r.account_id),
        ['acc-0003'],
      );
      assert.deepEqual(await d.books('2026-11'), [{ readingBookId: 'rb-1', accounts: 3 }]);
    });

    test('a run has one holder; chunks move the cursor and a rerun stores no bill twice', async () => {
      const runs = store.billing.runs;
      const lease = { readingBookId: 'rb-1', cycle: '2026-11', holder: 'runner-a' };
      const take = (holder: string, now: string, expiresAt: string) =>
        runs.acquire({ ...lease, holder }, { now, expiresAt, accountsTotal: 3, startedBy: 'clerk' });
      assert.ok(await take('runner-a', AT, LATER));
      assert.equal(await take('runner-b', AT, LATER), undefined);
      const chunk = {
        bills: [bill(det(1), 'passed'), bill(det(2), 'held')],
        auditResults: [{ bill_id: 'acc-0002.2026-11.0', rule: 'zeroUse', params: '{}', created_at: AT }],
        cursor: 'acc-0002',
        accountsDone: 2,
        leaseExpiresAt: LATER,
      };
      await runs.commitChunk(lease, chunk);
      await runs.commitChunk(lease, chunk);
      await assert.rejects(runs.commitChunk({ ...lease, holder: 'runner-b' }, chunk), { code: 'CONFLICT' });
      const r = await runs.get('rb-1', '2026-11');
      assert.deepEqual([r?.cursor, r?.accounts_done], ['acc-0002', 2]);
      assert.deepEqual(await runs.statusCounts('rb-1', '2026-11'), { held: 1, passed: 1 });
      // After the lease expires another runner takes over and sees the cursor.
      const taken = await take('runner-b', LATER, '2026-11-28T04:00:00.000Z');
      assert.equal(taken?.cursor, 'acc-0002');
      await runs.finish({ ...lease, holder: 'runner-b' }, LATER);
      assert.equal((await runs.get('rb-1', '2026-11'))?.status, 'calculated');
      assert.equal((await store.billing.bills.auditResults(['acc-0002.2026-11.0'])).length, 1);
    });

    test('column batches: chunk ends, ranges, one commit per batch, history from stored bills', async () => {
      const b = store.billing;
      const d12 = (i: number) => ({ ...det(i), cycle: '2026-12', reading_book_id: 'rb-2' });
      await b.determinants.putMany([d12(13), d12(11), d12(12)]);
      assert.deepEqual(await b.determinants.chunkEnds('rb-2', '2026-12', '', 2), ['acc-0012', 'acc-0013']);
      const range = { readingBookId: 'rb-2', cycle: '2026-12', after: '', upTo: 'acc-0012' };
      const batch = await b.determinants.rangeBatch(range);
      assert.deepEqual(batch.accountIds, ['acc-0011', 'acc-0012']);
      assert.equal(batch.dict[batch.tariffId[1]], 'test-flat');
      assert.equal(batch.dict[batch.periodTo[0]], '2026-11-15');
      assert.deepEqual(batch.touWh, [JSON.stringify({ peak: 1, flat: 2 }), null]);
      assert.equal(batch.values[1 * DETERMINANT_VALUES + DETERMINANT_VALUE.activeWh], 100_012);
      const values = new Float64Array(2 * BILL_VALUES);
      values.set([1, 31, 100_011, 5_000, 4_425, 575, -1, 0, 0], 0);
      values.set([1, 31, 100_012, 5_001, 4_426, 575, 97, 1, 1], BILL_VALUES);
      const bills = {
        n: 2,
        values,
        lines: ['[]', '[["energy",1,2,3,1,0,0]]'],
        auditRows: [1],
        auditRules: ['estimatedRead'],
        auditParams: ['{}'],
        newLineMeta: [],
      };
      const lease = { readingBookId: 'rb-2', cycle: '2026-12', holder: 'runner-c' };
      assert.ok(await b.runs.acquire(lease, { now: AT, expiresAt: LATER, accountsTotal: 3, startedBy: 'clerk' }));
      const commit = { cursor: 'acc-0012', accountsDone: 2, leaseExpiresAt: LATER, calculatedAt: AT };
      assert.equal(await b.runs.commitBatch(lease, batch, bills, commit), 2);
      assert.equal(await b.runs.commitBatch(lease, batch, bills, commit), 0);
      await assert.rejects(b.runs.commitBatch({ ...lease, holder: 'other' }, batch, bills, commit), {
        code: 'CONFLICT',
      });
      const held = await b.bills.get('acc-0012.2026-12.0');
      assert.equal(held?.status, 'held');
      assert.equal(Number(held?.pf_hundredths), 97);
      assert.equal(held?.reading_book_id, 'rb-2');
      assert.equal(held?.period_from, '2026-10-15');
      assert.equal(held?.lines, '[["energy",1,2,3,1,0,0]]');
      assert.equal((await b.bills.get('acc-0011.2026-12.0'))?.pf_hundredths, null);
      assert.deepEqual(
        (await b.bills.auditResults(['acc-0012.2026-12.0'])).map((r) => r.rule),
        ['estimatedRead'],
      );
      assert.equal((await b.runs.get('rb-2', '2026-12'))?.cursor, 'acc-0012');
      const h = await b.determinants.rangeHistory(batch, '2026-12', '2025-12');
      assert.deepEqual([...h.lastMonthWh], [100_011, 100_012]);
      assert.deepEqual([...h.sameMonthLastYearWh], [-1, -1]);
    });

    test('audit decisions move held bills only; released bills are frozen', async () => {
      const bills = store.billing.bills;
      const decision = {
        bill_id: 'acc-0002.2026-11.0',
        decision: 'approved' as const,
        reason: 'checked',
        decided_by: 'auditor',
        decided_at: LATER,
      };
      await bills.decide(decision);
      await assert.rejects(bills.decide(decision), { code: 'STATE_INVALID' });
      assert.equal((await bills.decisions('acc-0002.2026-11.0')).length, 1);
      const ready = await bills.releasable('rb-1', '2026-11');
      assert.deepEqual(
        ready.map((b) => b.id),
        ['acc-0001.2026-11.0', 'acc-0002.2026-11.0'],
      );
      assert.equal(await bills.markReleased('acc-0001.2026-11.0', LATER, 'clerk'), true);
      assert.equal(await bills.markReleased('acc-0001.2026-11.0', LATER, 'clerk'), false);
      await assert.rejects(
        sql`UPDATE bills SET total_fen = 1 WHERE id = ${'acc-0001.2026-11.0'}`.execute(store.db),
        /never changed/,
      );
      const released = await bills.list({ accountIds: ['acc-0001'], releasedOnly: true });
      assert.deepEqual(
        released.map((b) => [b.id, Number(b.total_fen)]),
        [['acc-0001.2026-11.0', 5100]],
      );
      assert.deepEqual(Object.fromEntries(await bills.energyByAccount('rb-1', '2026-11')), {
        'acc-0001': 100_001,
        'acc-0002': 100_002,
      });
    });

    test('a rebill adds a revision and a credit note referring to the original', async () => {
      const bills = store.billing.bills;
      const next = {
        ...bill(det(1), 'released'),
        id: 'acc-0001.2026-11.1',
        revision: 1,
        replaces_bill_id: 'acc-0001.2026-11.0',
      };
      await bills.insert([next]);
      await bills.insertCreditNote({
        id: 'cn-1',
        bill_id: 'acc-0001.2026-11.0',
        new_bill_id: next.id,
        account_id: 'acc-0001',
        amount_fen: 5100,
        reason: 'wrong read',
        issued_by: 'clerk',
        issued_at: LATER,
      });
      assert.equal(await bills.latestRevision('acc-0001', '2026-11'), 1);
      assert.equal((await bills.creditNoteOf('acc-0001.2026-11.0'))?.new_bill_id, next.id);
      assert.equal((await bills.creditNotes(['acc-0001'])).length, 1);
    });
  });
}
