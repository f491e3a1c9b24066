/**
 * The payments store contract: the same assertions on SQLite and PostgreSQL. Each dialect's test
 * file calls `paymentsContract` with a way to open a fresh, empty, migrated database.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { billReleaseEntry } from '@meterflow/core/payments/bill-entries';
import { receivable, wallet } from '@meterflow/core/payments/ledger-account';
import type { DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';
import type { PaymentOrder } from './ledger-ops.ts';
import { confirmOrder, createOrder, idempotent, recordPayment } from './payment-programs.ts';
import type { PaymentsRepository } from './payments.repository.ts';
import type { RefundStatus } from './refund-payouts.repository.ts';

const AT = '2026-11-20T02:00:00.000Z';

/** Posts a released bill as billing will: a receivable item with its due date, month and energy. */
export async function postTestBill(
  ledger: PaymentsRepository,
  billId: string,
  accountId: string,
  grossFen: number,
  dueDate: string,
  month = dueDate.slice(0, 7),
): Promise<void> {
  const draft = billReleaseEntry({
    billId,
    accountId,
    releaseDate: dueDate,
    grossByKind: new Map([['energy', grossFen]]),
    vatRate: { numerator: 13, denominator: 100 },
  });
  await ledger.post(draft, AT, [
    {
      ref: billId,
      account_id: accountId,
      kind: 'bill',
      due_date: dueDate,
      bill_month: month,
      energy_wh: grossFen * 10,
    },
  ]);
}

export const testOrder = (
  id: string,
  targets: { accountId: string; amountFen: number }[],
  channel: PaymentOrder['channel'] = 'counter',
): PaymentOrder => ({
  id,
  channel,
  amountFen: targets.reduce((s, t) => s + t.amountFen, 0),
  state: 'created',
  providerTxnId: null,
  payerCustomerId: null,
  createdBy: 'u1',
  createdAt: AT,
  paidAt: null,
  businessDate: null,
  receiptNo: null,
  targets,
});

const confirmation = (txn: string, amountFen: number) => ({
  providerTxnId: txn,
  amountFen,
  paidAt: AT,
  businessDate: '2026-11-20',
});

async function walletOf(ledger: PaymentsRepository, accountId: string): Promise<number> {
  return 0 - (await ledger.balance(wallet(accountId)));
}

export function paymentsContract(dialectName: string, open: () => Promise<DatabaseHandle>): void {
  describe(`payments store contract on ${dialectName}`, () => {
    let handle: DatabaseHandle;
    let ledger: PaymentsRepository;
    let store: Store;
    before(async () => {
      handle = await open();
      store = Store.of(handle);
      ledger = store.payments.ledger;
    });
    after(() => handle.close());

    test('a bill posts once per key; balances are sums; other content under the key is refused', async () => {
      await postTestBill(ledger, 'B1', 'A1', 11300, '2026-10-15');
      await postTestBill(ledger, 'B1', 'A1', 11300, '2026-10-15');
      assert.equal(await ledger.balance(receivable('A1')), 11300);
      await assert.rejects(postTestBill(ledger, 'B1', 'A1', 999, '2026-10-15'), { code: 'IDEMPOTENCY_KEY_REUSED' });
      const open = await ledger.openItems('A1');
      assert.deepEqual(open, [{ ref: 'B1', dueDate: '2026-10-15', openFen: 11300 }]);
      const tb = await ledger.trialBalance();
      assert.equal(
        [...tb.values()].reduce((s, v) => s + v, 0),
        0,
      );
      assert.deepEqual(await ledger.unbalancedEntries(), []);
    });

    test('ledger tables are append-only', async () => {
      await assert.rejects(store.db.updateTable('ledger_lines').set({ amount_fen: 1 }).execute(), /append-only/);
      await assert.rejects(store.db.deleteFrom('ledger_entries').execute(), /append-only/);
      await assert.rejects(store.db.deleteFrom('receivable_items').execute(), /append-only/);
    });

    test('a counter payment lands in the wallet and pays the oldest bill first', async () => {
      await postTestBill(ledger, 'B2', 'A2', 5000, '2026-09-15');
      await postTestBill(ledger, 'B3', 'A2', 7000, '2026-08-15');
      const out = await ledger.run(() =>
        recordPayment(testOrder('P1', [{ accountId: 'A2', amountFen: 9000 }]), confirmation('C-P1', 9000)),
      );
      assert.equal(out.posted, true);
      assert.match(out.order.receiptNo ?? '', /^MF20261120\d{8}$/);
      assert.deepEqual(out.allocations[0].result?.allocations, [
        { ref: 'B3', amountFen: 7000 },
        { ref: 'B2', amountFen: 2000 },
      ]);
      assert.deepEqual(await ledger.openItems('A2'), [{ ref: 'B2', dueDate: '2026-09-15', openFen: 3000 }]);
      assert.equal(await walletOf(ledger, 'A2'), 0);
      const stored = await ledger.getOrder('P1');
      assert.equal(stored?.state, 'paid');
      assert.equal(await ledger.countPaidSince('A2', '2026-11-01'), 1);
    });

    test('an online order is confirmed once; duplicates and wrong amounts change nothing', async () => {
      await ledger.run(() => createOrder(testOrder('O1', [{ accountId: 'A3', amountFen: 2500 }], 'online')));
      const first = await ledger.run(() => confirmOrder('O1', confirmation('WX-1', 2500)));
      const again = await ledger.run(() => confirmOrder('O1', confirmation('WX-1', 2500)));
      assert.equal(first.posted, true);
      assert.equal(again.posted, false);
      await assert.rejects(
        ledger.run(() => confirmOrder('O1', confirmation('WX-1', 2600))),
        { code: 'VALIDATION_FAILED' },
      );
      await assert.rejects(
        ledger.run(() => confirmOrder('O1', confirmation('WX-2', 2500))),
        { code: 'CONFLICT' },
      );
      await assert.rejects(
        ledger.run(() => confirmOrder('nope', confirmation('WX-3', 1))),
        { code: 'NOT_FOUND' },
      );
      assert.equal(await walletOf(ledger, 'A3'), 2500);
      assert.deepEqual(await ledger.ledgerPaymentsOfDay('online', '2026-11-20'), [
        { paymentId: 'O1', providerTxnId: 'WX-1', amountFen: 2500 },
      ]);
    });

    test('a group payment credits several accounts in one entry', async () => {
      const targets = [
        { accountId: 'G1', amountFen: 100 },
        { accountId: 'G2', amountFen: 200 },
        { accountId: 'G3', amountFen: 300 },
      ];
      const out = await ledger.run(() => recordPayment(testOrder('GP1', targets), confirmation('C-GP1', 600)));
      assert.equal(out.allocations.length, 3);
      assert.deepEqual(await Promise.all(['G1', 'G2', 'G3'].map((a) => walletOf(ledger, a))), [100, 200, 300]);
      assert.equal((await ledger.listOrders({ accountIds: ['G2'], limit: 10 }))[0].id, 'GP1');
    });

    test('idempotent calls replay the stored response and refuse another body', async () => {
      const call = (hash: string, id: string) =>
        ledger.run(() =>
          idempotent(
            { scope: 'u1', key: 'k-1', requestHash: hash, at: AT, respond: (r) => ({ orderId: r.order.id }) },
            recordPayment(testOrder(id, [{ accountId: 'A4', amountFen: 100 }]), confirmation(`C-${id}`, 100)),
          ),
        );
      const a = await call('h1', 'I1');
      const b = await call('h1', 'I2');
      assert.deepEqual([a.replayed, b.replayed], [false, true]);
      assert.deepEqual(b.response, { orderId: 'I1' });
      assert.equal(await ledger.getOrder('I2'), undefined);
      await assert.rejects(call('h2', 'I3'), { code: 'IDEMPOTENCY_KEY_REUSED' });
      assert.equal(await walletOf(ledger, 'A4'), 100);
    });

    test('payments racing on one bill never pay it twice', async () => {
      await postTestBill(ledger, 'B9', 'A9', 1000, '2026-10-01');
      const n = 20;
      await Promise.all(
        Array.from({ length: n }, (_, i) =>
          ledger.run(() =>
            recordPayment(testOrder(`R${i}`, [{ accountId: 'A9', amountFen: 300 }]), confirmation(`C-R${i}`, 300)),
          ),
        ),
      );
      assert.deepEqual(await ledger.openItems('A9'), []);
      assert.equal(await ledger.balance(receivable('A9')), 0);
      assert.equal(await walletOf(ledger, 'A9'), n * 300 - 1000);
      assert.deepEqual(await ledger.unbalancedEntries(), []);
    });

    test('stale orders are listed and closed once', async () => {
      await ledger.run(() =>
        createOrder({
          ...testOrder('S1', [{ accountId: 'A5', amountFen: 1 }], 'online'),
          createdAt: '2026-11-19T00:00:00.000Z',
        }),
      );
      const stale = await ledger.staleOrders('2026-11-20T00:00:00.000Z', 10);
      assert.deepEqual(
        stale.map((o) => o.id),
        ['S1'],
      );
      assert.equal(await ledger.closeOrder('S1', AT), true);
      assert.equal(await ledger.closeOrder('S1', AT), false);
    });

    test('month table sums billed energy, amount and what is open', async () => {
      await postTestBill(ledger, 'M1', 'AM', 2000, '2026-10-20', '2026-09');
      await postTestBill(ledger, 'M2', 'AM', 3000, '2026-11-20', '2026-10');
      await ledger.run(() =>
        recordPayment(testOrder('PM', [{ accountId: 'AM', amountFen: 2500 }]), confirmation('C-PM', 2500)),
      );
      const rows = await ledger.monthTable(['AM'], '2026-01', '2026-12');
      assert.deepEqual(rows, [
        { accountId: 'AM', month: '2026-09', energyWh: 20000, billedFen: 2000, openFen: 0 },
        { accountId: 'AM', month: '2026-10', energyWh: 30000, billedFen: 3000, openFen: 2500 },
      ]);
    });

    test('a refund is decided once', async () => {
      const office = store.payments.office;
      await office.insertRefund({
        id: 'RF1',
        account_id: 'A3',
        payment_order_id: 'O1',
        amount_fen: 100,
        reason: 'overpaid',
        state: 'requested',
        requested_by: 'u1',
        requested_at: AT,
        decided_by: null,
        decided_at: null,
      });
      assert.equal(await office.decideRefund('RF1', 'approved', 'u2', AT), true);
      assert.equal(await office.decideRefund('RF1', 'rejected', 'u3', AT), false);
      assert.equal((await office.getRefund('RF1'))?.decided_by, 'u2');
    });

    test('refund payouts: a provider payout is claimed by one call, a bank line goes into one file, statuses follow', async () => {
      const office = store.payments.office;
      const payouts = store.payments.payouts;
      await store.orgs.insertMany([
        { id: 'rp-o1', parentId: null, code: '98', name: '甲', nameEn: 'One', level: 'province' },
        { id: 'rp-o2', parentId: null, code: '97', name: '乙', nameEn: 'Two', level: 'province' },
      ]);
      await store.customers.insertMany(
        ['rp-o1', 'rp-o2'].map((orgId) => ({
          id: `${orgId}-c`,
          orgId,
          type: 'residential' as const,
          name: '李雷',
          parentId: null,
          phone: '1',
          address: 'A',
          createdAt: AT,
        })),
      );
      await store.accounts.insertMany(
        ['rp-o1', 'rp-o2'].map((orgId, i) => ({
          id: `${orgId}-a`,
          accountNo: `980000000${i}`,
          customerId: `${orgId}-c`,
          orgId,
          readingBookId: null,
          paymentMode: 'postpaid' as const,
          customerClass: 'residential' as const,
          voltageLevel: '0.4kV' as const,
          contractedCapacityKva: 8,
          status: 'active' as const,
          address: 'A',
          openedOn: '2020-01-01',
          closedOn: null,
        })),
      );
      const refund = (id: string, accountId: string, state: 'requested' | 'approved' = 'approved') =>
        office.insertRefund({
          id,
          account_id: accountId,
          payment_order_id: null,
          amount_fen: 300,
          reason: 'moving out',
          state,
          requested_by: 'u1',
          requested_at: AT,
          decided_by: state === 'approved' ? 'u2' : null,
          decided_at: state === 'approved' ? AT : null,
        });
      const payout = (refundId: string, method: 'provider' | 'bank_file') =>
        payouts.insert({
          refund_id: refundId,
          method,
          payment_order_id: method === 'provider' ? 'PO-1' : null,
          state: 'pending',
          attempts: 0,
          failure_reason: null,
          external_ref: null,
          file_id: null,
          paid_at: null,
          entry_seq: null,
          created_at: AT,
          updated_at: AT,
        });
      await refund('RP-P', 'rp-o1-a');
      await payout('RP-P', 'provider');
      const later = '2026-11-20T02:01:00.000Z';
      // Two calls at once: one claims it.
      const claims = await Promise.all([payouts.claimSend('RP-P', later, AT), payouts.claimSend('RP-P', later, AT)]);
      assert.deepEqual(claims.sort(), [false, true]);
      assert.equal(await payouts.markFailed('RP-P', 'card cancelled', later, ['sending']), true);
      assert.equal((await payouts.getWithPayout('RP-P'))?.status, 'payout_failed');
      assert.equal(await payouts.claimSend('RP-P', later, AT), true);
      // A call stuck in `sending` since before the stale mark may be taken over.
      assert.equal(await payouts.claimSend('RP-P', '2026-11-20T03:00:00.000Z', '2026-11-20T02:30:00.000Z'), true);
      assert.equal(await payouts.markPaid('RP-P', { externalRef: 'R-1', paidAt: later, entrySeq: 7 }, later), true);
      assert.equal(await payouts.markPaid('RP-P', { externalRef: 'R-1', paidAt: later, entrySeq: 7 }, later), false);
      assert.equal(await payouts.markFailed('RP-P', 'late', later, ['sending', 'sent']), false);
      assert.equal(await payouts.claimSend('RP-P', later, later), false, 'a paid payout is never sent again');
      const paid = await payouts.getWithPayout('RP-P');
      assert.equal(paid?.status, 'paid');
      assert.deepEqual([paid?.payout?.attempts, paid?.payout?.entry_seq, paid?.payout?.external_ref], [3, 7, 'R-1']);

      await refund('RP-B1', 'rp-o1-a');
      await payout('RP-B1', 'bank_file');
      await refund('RP-B2', 'rp-o2-a');
      await payout('RP-B2', 'bank_file');
      await refund('RP-Q', 'rp-o2-a', 'requested');
      assert.equal((await payouts.getWithPayout('RP-B1'))?.status, 'approved');
      // Branch one's file carries only its line; two files made at once never share a line.
      const f1 = await payouts.claimForFile('F1', later, ['rp-o1']);
      assert.deepEqual(
        f1.map((r) => r.refund_id),
        ['RP-B1'],
      );
      const [fa, fb] = await Promise.all([payouts.claimForFile('FA', later), payouts.claimForFile('FB', later)]);
      assert.deepEqual(
        [...fa, ...fb].map((r) => r.refund_id),
        ['RP-B2'],
      );
      assert.equal((await payouts.getWithPayout('RP-B2'))?.status, 'paying');
      assert.equal(await payouts.markFailed('RP-B1', 'account closed', later, ['sent']), true);
      const f2 = await payouts.claimForFile('F2', later);
      assert.deepEqual(
        f2.map((r) => [r.refund_id, r.attempts]),
        [['RP-B1', 2]],
      );
      const statuses = async (status?: RefundStatus) =>
        (await payouts.list({ status }))
          .filter((r) => r.id.startsWith('RP-'))
          .map((r) => `${r.id}:${r.status}`)
          .sort();
      assert.deepEqual(await statuses(), ['RP-B1:paying', 'RP-B2:paying', 'RP-P:paid', 'RP-Q:requested']);
      assert.deepEqual(await statuses('paid'), ['RP-P:paid']);
      assert.deepEqual(await statuses('paying'), ['RP-B1:paying', 'RP-B2:paying']);
      assert.deepEqual((await payouts.list({ orgIds: ['rp-o2'] })).map((r) => r.id).sort(), ['RP-B2', 'RP-Q']);
    });

    test('property: any mix of bills and payments keeps the ledger balanced and pays oldest first', async () => {
      let run = 0;
      await fc.assert(
        fc.asyncProperty(
          fc.array(
            fc.oneof(
              fc.record({ bill: fc.integer({ min: 1, max: 50_000 }), day: fc.integer({ min: 1, max: 28 }) }),
              fc.record({ pay: fc.integer({ min: 1, max: 60_000 }) }),
            ),
            { minLength: 1, maxLength: 12 },
          ),
          async (events) => {
            const acc = `PR${++run}`;
            let billed = 0;
            let paid = 0;
            for (const [i, e] of events.entries()) {
              if ('bill' in e) {
                await postTestBill(ledger, `${acc}-B${i}`, acc, e.bill, `2026-03-${String(e.day).padStart(2, '0')}`);
                billed += e.bill;
              } else {
                const order = testOrder(`${acc}-P${i}`, [{ accountId: acc, amountFen: e.pay }]);
                await ledger.run(() => recordPayment(order, confirmation(`C-${acc}-${i}`, e.pay)));
                paid += e.pay;
              }
            }
            const open = await ledger.openItems(acc);
            const openFen = open.reduce((s, o) => s + o.openFen, 0);
            const held = await walletOf(ledger, acc);
            assert.equal(await ledger.balance(receivable(acc)), openFen);
            assert.equal(held - openFen, paid - billed);
            assert.ok(held >= 0 && openFen >= 0);
            // Money is only left unallocated when nothing is open, except bills released after the last payment.
            assert.deepEqual(await ledger.unbalancedEntries(), []);
          },
        ),
        { numRuns: 15 },
      );
      const tb = await ledger.trialBalance();
      assert.equal(
        [...tb.values()].reduce((s, v) => s + v, 0),
        0,
      );
    });

    test('hot-path lookups read the same accounts and customers as the repositories', async () => {
      await store.orgs.insertMany([
        { id: 'lk-o', parentId: null, code: '99', name: '测试', nameEn: 'Test', level: 'province' },
      ]);
      await store.customers.insertMany([
        {
          id: 'lk-c',
          orgId: 'lk-o',
          type: 'residential',
          name: '王芳',
          parentId: null,
          phone: '1',
          address: 'A',
          createdAt: AT,
        },
      ]);
      await store.accounts.insertMany([
        {
          id: 'lk-a',
          accountNo: '9900000001',
          customerId: 'lk-c',
          orgId: 'lk-o',
          readingBookId: null,
          paymentMode: 'prepaid',
          customerClass: 'residential',
          voltageLevel: '0.4kV',
          contractedCapacityKva: 8,
          status: 'active',
          address: 'A',
          openedOn: '2020-01-01',
          closedOn: null,
        },
      ]);
      const lookups = store.payments.lookups;
      assert.deepEqual(await lookups.account('lk-a'), await store.accounts.get('lk-a'));
      assert.deepEqual(await lookups.accountByNo('9900000001'), await store.accounts.get('lk-a'));
      assert.deepEqual(await lookups.customer('lk-c'), await store.customers.get('lk-c'));
      assert.equal(await lookups.account('nope'), undefined);
      assert.equal(await lookups.accountByNo('0000'), undefined);
      const both = { account: await store.accounts.get('lk-a'), customer: await store.customers.get('lk-c') };
      assert.deepEqual(await lookups.accountWithHolder('lk-a'), both);
      assert.deepEqual(await lookups.accountWithHolderByNo('9900000001'), both);
      assert.equal(await lookups.accountWithHolder('nope'), undefined);
      assert.equal(await lookups.accountWithHolderByNo('0000'), undefined);
    });
  });
}
