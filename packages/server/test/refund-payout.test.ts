/* eslint-disable @typescript-eslint/no-explicit-any -- the answers are JSON of many shapes */
/**
 * Refund payouts end to end: approved refunds of a gateway payment go back through the provider
 * simulator (its own process), others into a bank payout file whose result file is read back.
 * Ledger: Dr refunds payable / Cr cash in transit (online) or bank clearing (bank), once per refund.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { bankClearing, cashInTransit, refundsPayable, wallet } from '@meterflow/core/payments/ledger-account';
import { makeTestApp, type TestApp } from './test-app.ts';
import { startProviderProcess, TEST_PAYMENT_SECRET, type ProviderProcess } from './payment-provider-process.ts';

const ONLINE_ACCOUNT = 'acc-620524-0001';
const COUNTER_ACCOUNT = 'acc-620524-0002';

describe('refund payouts', () => {
  let t: TestApp;
  let provider: ProviderProcess;
  const cookies: Record<string, string> = {};
  let keys = 0;
  before(async () => {
    provider = await startProviderProcess();
    t = await makeTestApp({
      MF_PAYMENT_PROVIDER_URL: provider.url,
      MF_PAYMENT_SECRET: TEST_PAYMENT_SECRET,
      MF_PAYMENT_STALE_QUERY_EVERY_SECONDS: '0',
    });
    // Online orders are settled by querying here (the in-process app has no address for callbacks).
    await provider.behave({ drop: true });
    for (const u of ['zhangwei', 'clerk.gangu', 'admin']) cookies[u] = await t.login(u);
  });
  after(async () => {
    provider.stop();
    await t.close();
  });

  const call = async (user: string, method: 'GET' | 'POST', url: string, body?: unknown, csv = false) => {
    const res = await t.app.fastify.inject({
      method,
      url,
      headers: {
        cookie: cookies[user],
        ...(body === undefined ? {} : { 'content-type': csv ? 'text/csv' : 'application/json' }),
        ...(url === '/api/payments/orders' || url === '/api/payments/counter'
          ? { 'idempotency-key': `refund-test-key-${++keys}` }
          : {}),
      },
      payload: body === undefined ? undefined : csv ? (body as string) : JSON.stringify(body),
    });
    return { status: res.statusCode, body: (res.body.startsWith('{') ? res.json() : res.body) as any };
  };
  const balance = (account: string) => t.store.payments.ledger.balance(account);
  const accountNo = async (id: string) => (await t.store.accounts.get(id))!.accountNo;
  const entries = (refundId: string) => t.store.payments.ledger.countEntries(`refund-paid:${refundId}`);
  const ledgerBalanced = async () => {
    assert.deepEqual(await t.store.payments.ledger.unbalancedEntries(), []);
    const tb = await t.store.payments.ledger.trialBalance();
    assert.equal(
      [...tb.values()].reduce((s, v) => s + v, 0),
      0,
    );
  };

  /** A paid online order of `amountFen` into the online account. */
  const paidOnlineOrder = async (amountFen: number): Promise<string> => {
    const o = await call('zhangwei', 'POST', '/api/payments/orders', { accountId: ONLINE_ACCOUNT, amountFen });
    assert.equal(o.status, 200, JSON.stringify(o.body));
    const id = o.body.order.id as string;
    await provider.pay(id);
    const q = await call('zhangwei', 'POST', `/api/payments/orders/${id}/query`);
    assert.equal(q.body.state, 'paid');
    return id;
  };
  const requestRefund = async (accountId: string, amountFen: number, paymentOrderId?: string) => {
    const r = await call('clerk.gangu', 'POST', '/api/payments/refunds', {
      accountNo: await accountNo(accountId),
      amountFen,
      reason: '多缴退费 overpaid',
      ...(paymentOrderId ? { paymentOrderId } : {}),
    });
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.status, 'requested');
    return r.body.id as string;
  };

  test('a refund of a gateway payment is paid back through the provider once, and the ledger balances', async () => {
    const orderId = await paidOnlineOrder(5000);
    const id = await requestRefund(ONLINE_ACCOUNT, 3000, orderId);
    const before = {
      wallet: await balance(wallet(ONLINE_ACCOUNT)),
      payable: await balance(refundsPayable(ONLINE_ACCOUNT)),
      transit: await balance(cashInTransit('online')),
    };
    const ok = await call('admin', 'POST', `/api/payments/refunds/${id}/approve`);
    assert.equal(ok.status, 200, JSON.stringify(ok.body));
    assert.equal(ok.body.state, 'approved');
    assert.equal(ok.body.status, 'paid');
    assert.equal(ok.body.payout.method, 'provider');
    assert.match(ok.body.payout.external_ref, /^SIMR/);
    const atProvider = await provider.refunds(orderId);
    assert.deepEqual(
      atProvider.map((r) => [r.refundId, r.amountFen]),
      [[id, 3000]],
    );
    assert.equal(await balance(wallet(ONLINE_ACCOUNT)), before.wallet + 3000, 'credit held went down by 30.00');
    assert.equal(await balance(refundsPayable(ONLINE_ACCOUNT)), before.payable, 'nothing left payable');
    assert.equal(await balance(cashInTransit('online')), before.transit - 3000, 'the provider paid it from our money');
    assert.equal(await entries(id), 1);
    await ledgerBalanced();
    // Paid is final: a retry is refused and nothing is sent again.
    const again = await call('admin', 'POST', `/api/payments/refunds/${id}/payout`);
    assert.equal(again.status, 409);
    assert.equal((await provider.refunds(orderId)).length, 1);
    assert.equal(await entries(id), 1);
  });

  test('a refund the provider refuses stays approved and unpaid with the reason; retries pay it once', async () => {
    const orderId = await paidOnlineOrder(2000);
    const id = await requestRefund(ONLINE_ACCOUNT, 1500, orderId);
    const payableBefore = await balance(refundsPayable(ONLINE_ACCOUNT));
    await provider.behave({ refundFailure: '原卡已注销 card cancelled' });
    const failed = await call('admin', 'POST', `/api/payments/refunds/${id}/approve`);
    assert.equal(failed.status, 200, JSON.stringify(failed.body));
    assert.equal(failed.body.state, 'approved');
    assert.equal(failed.body.status, 'payout_failed');
    assert.equal(failed.body.payout.failure_reason, '原卡已注销 card cancelled');
    assert.equal(await balance(refundsPayable(ONLINE_ACCOUNT)), payableBefore - 1500, 'still owed to the customer');
    assert.equal(await entries(id), 0);
    assert.deepEqual(await provider.refunds(orderId), []);
    const listed = await call('clerk.gangu', 'GET', '/api/payments/refunds?state=payout_failed');
    assert.ok(listed.body.items.some((r: any) => r.id === id && r.payout.failure_reason));
    // Still refused: a retry fails again, with the reason, and pays nothing.
    const stillFailed = await call('admin', 'POST', `/api/payments/refunds/${id}/payout`);
    assert.equal(stillFailed.body.status, 'payout_failed');
    assert.equal(stillFailed.body.payout.attempts, 2);
    // The provider accepts again; two retries at once make one payout.
    await provider.behave({ refundFailure: '' });
    const [a, b] = await Promise.all([
      call('admin', 'POST', `/api/payments/refunds/${id}/payout`),
      call('clerk.gangu', 'POST', `/api/payments/refunds/${id}/payout`),
    ]);
    assert.deepEqual([a.status, b.status].sort(), [200, 200]);
    const after = await call('admin', 'GET', '/api/payments/refunds?state=paid');
    const paid = after.body.items.find((r: any) => r.id === id);
    assert.equal(paid?.status, 'paid');
    assert.equal(paid.payout.failure_reason, null);
    assert.equal((await provider.refunds(orderId)).length, 1);
    assert.equal(await entries(id), 1);
    assert.equal(await balance(refundsPayable(ONLINE_ACCOUNT)), payableBefore);
    await ledgerBalanced();
  });

  test('a payout whose answer was lost is paid once when retried (the provider replays the refund)', async () => {
    const orderId = await paidOnlineOrder(1000);
    const id = await requestRefund(ONLINE_ACCOUNT, 400, orderId);
    await provider.behave({ refundFailure: 'temporarily unavailable' });
    assert.equal((await call('admin', 'POST', `/api/payments/refunds/${id}/approve`)).body.status, 'payout_failed');
    await provider.behave({ refundFailure: '' });
    // Our earlier request reached the provider after all; only its answer never came back.
    const raw = JSON.stringify({ refundId: id, amountFen: 400, reason: 'x' });
    const res = await fetch(`${provider.url}/orders/${orderId}/refund`, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        'x-mf-signature': createHmac('sha256', TEST_PAYMENT_SECRET).update(raw).digest('hex'),
      },
      body: raw,
    });
    const first = (await res.json()) as { providerRefundId: string };
    const retry = await call('admin', 'POST', `/api/payments/refunds/${id}/payout`);
    assert.equal(retry.body.status, 'paid');
    assert.equal(retry.body.payout.external_ref, first.providerRefundId);
    assert.equal((await provider.refunds(orderId)).length, 1);
    assert.equal(await entries(id), 1);
    await ledgerBalanced();
  });

  test('a refund of a counter payment goes into one bank payout file; the result file pays it once', async () => {
    const no = await accountNo(COUNTER_ACCOUNT);
    const paid = await call('clerk.gangu', 'POST', '/api/payments/counter', { accountNo: no, amountFen: 2000 });
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    const id = await requestRefund(COUNTER_ACCOUNT, 800, paid.body.order.id);
    const ok = await call('admin', 'POST', `/api/payments/refunds/${id}/approve`);
    assert.equal(ok.body.status, 'approved');
    assert.equal(ok.body.payout.method, 'bank_file');
    assert.equal((await call('admin', 'POST', `/api/payments/refunds/${id}/payout`)).status, 409);
    const payableBefore = await balance(refundsPayable(COUNTER_ACCOUNT));
    const bankBefore = await balance(bankClearing());

    const file = await call('clerk.gangu', 'POST', '/api/payments/refunds/payout-files');
    assert.equal(file.status, 200, JSON.stringify(file.body));
    assert.equal(file.body.lines, 1);
    assert.equal(file.body.totalFen, 800);
    const csv = await call('clerk.gangu', 'GET', `/api/payments/refunds/payout-files/${file.body.fileId}`);
    assert.equal(csv.status, 200);
    assert.equal(csv.body, `line_no,refund_id,attempt,account_no,amount_fen\n1,${id},1,${no},800\n`);
    assert.equal((await t.store.payments.payouts.getWithPayout(id))?.status, 'paying');
    // The line is in one file only.
    assert.equal((await call('clerk.gangu', 'POST', '/api/payments/refunds/payout-files')).body.lines, 0);

    const head = 'line_no,refund_id,attempt,amount_fen,result,bank_txn_id,paid_on,message\n';
    const fail = `${head}1,${id},1,800,fail,,,收款账户已销户 account closed\n`;
    const r1 = await call('clerk.gangu', 'POST', '/api/payments/refunds/payout-result', fail, true);
    assert.deepEqual(r1.body, { lines: 1, paid: 0, failed: 1, duplicates: 0 });
    const failed = await t.store.payments.payouts.getWithPayout(id);
    assert.equal(failed?.status, 'payout_failed');
    assert.equal(failed?.payout?.failure_reason, '收款账户已销户 account closed');
    assert.equal(await balance(refundsPayable(COUNTER_ACCOUNT)), payableBefore);
    assert.equal(await entries(id), 0);

    // The failed line goes into the next file, as attempt 2, and the bank pays it.
    const next = await call('clerk.gangu', 'POST', '/api/payments/refunds/payout-files');
    const csv2 = await call('clerk.gangu', 'GET', `/api/payments/refunds/payout-files/${next.body.fileId}`);
    assert.match(csv2.body, new RegExp(`\\n1,${id},2,${no},800\\n`));
    const success = `${head}1,${id},2,800,success,BK-0001,2026-11-21,ok\n`;
    const r2 = await call('clerk.gangu', 'POST', '/api/payments/refunds/payout-result', success, true);
    assert.deepEqual(r2.body, { lines: 1, paid: 1, failed: 0, duplicates: 0 });
    assert.equal(await balance(refundsPayable(COUNTER_ACCOUNT)), payableBefore + 800, 'nothing left payable');
    assert.equal(await balance(bankClearing()), bankBefore - 800, 'our bank paid it');
    assert.equal(await entries(id), 1);
    await ledgerBalanced();
    // Both result files again: nothing changes.
    const r3 = await call('clerk.gangu', 'POST', '/api/payments/refunds/payout-result', success, true);
    const r4 = await call('clerk.gangu', 'POST', '/api/payments/refunds/payout-result', fail, true);
    assert.deepEqual([r3.body.duplicates, r3.body.paid, r4.body.duplicates, r4.body.failed], [1, 0, 1, 0]);
    assert.equal((await t.store.payments.payouts.getWithPayout(id))?.status, 'paid');
    assert.equal(await entries(id), 1);
    assert.equal(await balance(bankClearing()), bankBefore - 800);
    // A line that does not fit (another amount, another bank transaction) refuses the whole file.
    const bad = `${head}1,${id},2,801,success,BK-0001,2026-11-21,ok\n2,${id},2,800,success,BK-9999,2026-11-21,ok\n`;
    const r5 = await call('clerk.gangu', 'POST', '/api/payments/refunds/payout-result', bad, true);
    assert.equal(r5.status, 400);
    assert.equal(r5.body.error.code, 'IMPORT_REJECTED');
    assert.deepEqual(
      r5.body.error.details.map((d: any) => d.path),
      ['line 2', 'line 3'],
    );
  });

  test('an approval that loses to a rejection made meanwhile is taken back in the ledger', async () => {
    const no = await accountNo(COUNTER_ACCOUNT);
    const paid = await call('clerk.gangu', 'POST', '/api/payments/counter', { accountNo: no, amountFen: 1500 });
    assert.equal(paid.status, 200, JSON.stringify(paid.body));
    const id = await requestRefund(COUNTER_ACCOUNT, 600);
    const walletBefore = await balance(wallet(COUNTER_ACCOUNT));
    const payableBefore = await balance(refundsPayable(COUNTER_ACCOUNT));
    // Another member of staff rejects the refund right after this approval is posted and before
    // it is saved: the moment two people decide the same refund at once.
    const ledger = t.store.payments.ledger;
    const run = ledger.run.bind(ledger);
    ledger.run = (async (program: Parameters<typeof run>[0]) => {
      const out = await run(program);
      ledger.run = run;
      assert.ok(await t.store.payments.office.decideRefund(id, 'rejected', 'u-other-staff', new Date().toISOString()));
      return out;
    }) as typeof ledger.run;
    const lost = await call('admin', 'POST', `/api/payments/refunds/${id}/approve`);
    ledger.run = run;
    assert.equal(lost.status, 409, JSON.stringify(lost.body));
    assert.equal((await t.store.payments.office.getRefund(id))?.state, 'rejected');
    assert.equal(await t.store.payments.ledger.countEntries(`refund-approved:${id}`), 1);
    assert.equal(await t.store.payments.ledger.countEntries(`refund-approval-withdrawn:${id}`), 1);
    assert.equal(await balance(wallet(COUNTER_ACCOUNT)), walletBefore, 'the credit is back in the wallet');
    assert.equal(await balance(refundsPayable(COUNTER_ACCOUNT)), payableBefore, 'nothing is left payable');
    await ledgerBalanced();
  });

  test('a refund against an order must name a paid order of that account, for no more than it paid', async () => {
    const orderId = await paidOnlineOrder(300);
    const no = await accountNo(ONLINE_ACCOUNT);
    const tooMuch = await call('clerk.gangu', 'POST', '/api/payments/refunds', {
      accountNo: no,
      amountFen: 301,
      reason: 'too much',
      paymentOrderId: orderId,
    });
    assert.equal(tooMuch.status, 400);
    const other = await call('clerk.gangu', 'POST', '/api/payments/refunds', {
      accountNo: await accountNo(COUNTER_ACCOUNT),
      amountFen: 100,
      reason: 'wrong account',
      paymentOrderId: orderId,
    });
    assert.equal(other.status, 400);
    const missing = await call('clerk.gangu', 'POST', '/api/payments/refunds', {
      accountNo: no,
      amountFen: 100,
      reason: 'no such order',
      paymentOrderId: 'po-nope',
    });
    assert.equal(missing.status, 404);
  });
});
