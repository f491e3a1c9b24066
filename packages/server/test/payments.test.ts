/* eslint-disable @typescript-eslint/no-explicit-any -- the answers are JSON of many shapes */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { wallet } from '@meterflow/core/payments/ledger-account';
import { makeTestApp, type TestApp } from './test-app.ts';
import { startProviderProcess, TEST_PAYMENT_SECRET, type ProviderProcess } from './payment-provider-process.ts';
import { postReceivable } from '../src/payments/post-receivable.ts';

const PREPAID = 'acc-620524-0001';
const POSTPAID = 'acc-620524-0002';

describe('payments API', () => {
  let t: TestApp;
  let provider: ProviderProcess;
  let base: string;
  const cookies: Record<string, string> = {};
  before(async () => {
    provider = await startProviderProcess();
    t = await makeTestApp({
      MF_PAYMENT_PROVIDER_URL: provider.url,
      MF_PAYMENT_SECRET: TEST_PAYMENT_SECRET,
      // This file calls the query-stale route itself; the timed job would race it.
      MF_PAYMENT_STALE_QUERY_EVERY_SECONDS: '0',
    });
    base = (await t.app.fastify.listen({ host: '127.0.0.1', port: 0 })).replace('localhost', '127.0.0.1');
    for (const u of ['zhangwei', 'clerk.gangu', 'clerk.qinan', 'admin', 'group.admin']) cookies[u] = await t.login(u);
  });
  after(async () => {
    provider.stop();
    await t.close();
  });

  const call = async (
    user: string | null,
    method: string,
    path: string,
    body?: unknown,
    headers: Record<string, string> = {},
  ) => {
    const res = await fetch(base + path, {
      method,
      headers: {
        ...(user ? { cookie: cookies[user] } : {}),
        ...(body === undefined ? {} : { 'content-type': typeof body === 'string' ? 'text/csv' : 'application/json' }),
        ...headers,
      },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    });
    const text = await res.text();
    return { status: res.status, body: (text.startsWith('{') ? JSON.parse(text) : text) as any };
  };
  const walletFen = async (accountId: string) => 0 - (await t.store.payments.ledger.balance(wallet(accountId)));
  const accountNo = async (id: string) => (await t.store.accounts.get(id))!.accountNo;
  const waitPaid = async (orderId: string) => {
    for (let i = 0; i < 100; i++) {
      if ((await t.store.payments.ledger.getOrder(orderId))?.state === 'paid') return;
      await new Promise((r) => setTimeout(r, 50));
    }
    assert.fail(`order ${orderId} never became paid`);
  };

  test('a counter payment with the same key twice is one payment; another body under the key is refused', async () => {
    const no = await accountNo(POSTPAID);
    const key = { 'idempotency-key': 'counter-key-0001' };
    const a = await call('clerk.gangu', 'POST', '/api/payments/counter', { accountNo: no, amountFen: 1234 }, key);
    const b = await call('clerk.gangu', 'POST', '/api/payments/counter', { accountNo: no, amountFen: 1234 }, key);
    assert.equal(a.status, 200);
    assert.equal(b.status, 200);
    assert.equal(a.body.order.id, b.body.order.id);
    assert.deepEqual([a.body.replayed, b.body.replayed], [false, true]);
    assert.equal(await walletFen(POSTPAID), 1234);
    const c = await call('clerk.gangu', 'POST', '/api/payments/counter', { accountNo: no, amountFen: 999 }, key);
    assert.equal(c.status, 422);
    assert.equal(c.body.error.code, 'IDEMPOTENCY_KEY_REUSED');
    const d = await call('clerk.gangu', 'POST', '/api/payments/counter', { accountNo: no, amountFen: 999 });
    assert.equal(d.status, 400);
    assert.equal(await walletFen(POSTPAID), 1234);
  });

  test('a customer pays online; the signed callback books it once though the provider sends it twice', async () => {
    // The demo's prepaid seeding may have topped the account up already: compare with what was there.
    const walletBefore = await walletFen(PREPAID);
    const balanceBefore = (await call('zhangwei', 'GET', `/api/payments/overview?accountId=${PREPAID}`)).body
      .balanceFen;
    const r = await call(
      'zhangwei',
      'POST',
      '/api/payments/orders',
      { accountId: PREPAID, amountFen: 5000 },
      { 'idempotency-key': 'online-key-0001' },
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.match(r.body.payUrl, /\/pay\//);
    const orderId = r.body.order.id as string;
    assert.equal((await provider.pay(orderId)).status, 'paid');
    await waitPaid(orderId);
    await new Promise((res) => setTimeout(res, 300)); // let the deliberate duplicate arrive
    assert.equal(await t.store.payments.ledger.countEntries(`payment:${orderId}`), 1);
    assert.equal(await walletFen(PREPAID), walletBefore + 5000);
    const receipt = await call('zhangwei', 'GET', `/api/payments/orders/${orderId}`);
    assert.equal(receipt.body.state, 'paid');
    assert.match(receipt.body.receiptNo, /^MF\d{16}$/);
    const overview = await call('zhangwei', 'GET', `/api/payments/overview?accountId=${PREPAID}`);
    assert.equal(overview.body.balanceFen, balanceBefore + 5000);
    assert.equal(overview.body.paymentsThisMonth >= 0, true);
  });

  test('a callback with a bad signature or a wrong amount is refused', async () => {
    const r = await call(
      'zhangwei',
      'POST',
      '/api/payments/orders',
      { accountId: PREPAID, amountFen: 100 },
      { 'idempotency-key': 'online-key-0002' },
    );
    const body = JSON.stringify({
      orderId: r.body.order.id,
      providerTxnId: 'X1',
      amountFen: 100,
      paidAt: new Date().toISOString(),
      status: 'paid',
    });
    const bad = await fetch(`${base}/api/payments/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mf-signature': 'ab'.repeat(32) },
      body,
    });
    assert.equal(bad.status, 401);
    assert.equal(((await bad.json()) as any).error.code, 'SIGNATURE_INVALID');
    const wrong = body.replace('"amountFen":100', '"amountFen":1');
    const sig = createHmac('sha256', TEST_PAYMENT_SECRET).update(wrong).digest('hex');
    const res = await fetch(`${base}/api/payments/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mf-signature': sig },
      body: wrong,
    });
    assert.equal(res.status, 400);
    assert.equal((await t.store.payments.ledger.getOrder(r.body.order.id))?.state, 'created');
  });

  test('an order whose callback never comes is queried, and a late callback afterwards is harmless', async () => {
    await provider.behave({ drop: true });
    const r = await call(
      'zhangwei',
      'POST',
      '/api/payments/orders',
      { accountId: PREPAID, amountFen: 700 },
      { 'idempotency-key': 'online-key-0003' },
    );
    const orderId = r.body.order.id as string;
    await provider.pay(orderId);
    const before = await walletFen(PREPAID);
    const q = await call('zhangwei', 'POST', `/api/payments/orders/${orderId}/query`);
    assert.equal(q.body.state, 'paid');
    assert.equal(await walletFen(PREPAID), before + 700);
    const late = JSON.stringify({
      orderId,
      providerTxnId: q.body.providerTxnId,
      amountFen: 700,
      paidAt: q.body.paidAt,
      status: 'paid',
    });
    const sig = createHmac('sha256', TEST_PAYMENT_SECRET).update(late).digest('hex');
    const res = await fetch(`${base}/api/payments/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mf-signature': sig },
      body: late,
    });
    assert.deepEqual(await res.json(), { ok: true, duplicate: true });
    assert.equal(await walletFen(PREPAID), before + 700);
    // An order nobody pays is closed once its timeout has passed, at the provider and here.
    const unpaid = await call(
      'zhangwei',
      'POST',
      '/api/payments/orders',
      { accountId: PREPAID, amountFen: 1 },
      { 'idempotency-key': 'online-key-0004' },
    );
    t.clock.advance(20 * 60_000);
    const stale = await call('admin', 'POST', '/api/payments/orders/query-stale');
    assert.ok(stale.body.closed >= 1);
    assert.equal((await t.store.payments.ledger.getOrder(unpaid.body.order.id))?.state, 'closed');
    await provider.behave({ drop: false });
  });

  test('two payments racing on one bill never pay it twice', async () => {
    await postReceivable(
      t.store,
      { billId: 'B-RACE', accountId: POSTPAID, amountFen: 10_000, dueDate: '2026-11-01' },
      t.clock.now().toISOString(),
    );
    const before = await walletFen(POSTPAID);
    const no = await accountNo(POSTPAID);
    const [a, b] = await Promise.all(
      ['race-key-0001', 'race-key-0002'].map((k) =>
        call(
          'clerk.gangu',
          'POST',
          '/api/payments/counter',
          { accountNo: no, amountFen: 10_000 },
          { 'idempotency-key': k },
        ),
      ),
    );
    assert.deepEqual([a.status, b.status], [200, 200]);
    assert.deepEqual(
      (await t.store.payments.ledger.openItems(POSTPAID)).filter((i) => i.ref === 'B-RACE'),
      [],
    );
    assert.equal(await walletFen(POSTPAID), before + 20_000 - 10_000);
    assert.deepEqual(await t.store.payments.ledger.unbalancedEntries(), []);
  });

  test('a refund needs a second person', async () => {
    const no = await accountNo(POSTPAID);
    const req = await call('clerk.gangu', 'POST', '/api/payments/refunds', {
      accountNo: no,
      amountFen: 500,
      reason: '重复缴费 paid twice',
    });
    assert.equal(req.status, 200, JSON.stringify(req.body));
    const self = await call('clerk.gangu', 'POST', `/api/payments/refunds/${req.body.id}/approve`);
    assert.equal(self.status, 403);
    const before = await walletFen(POSTPAID);
    const ok = await call('admin', 'POST', `/api/payments/refunds/${req.body.id}/approve`);
    assert.equal(ok.status, 200);
    assert.equal(ok.body.state, 'approved');
    assert.equal(await walletFen(POSTPAID), before - 500);
    const again = await call('admin', 'POST', `/api/payments/refunds/${req.body.id}/approve`);
    assert.equal(again.status, 409);
  });

  test('cross-region lookup masks the holder; a group pays three subsidiaries in one payment', async () => {
    const subs = await t.store.accounts.listByCustomers(['cus-longyuan-1', 'cus-longyuan-2', 'cus-longyuan-3']);
    assert.ok(subs.length >= 3);
    const look = await call('zhangwei', 'GET', `/api/payments/lookup?accountNo=${subs[0].accountNo}`);
    assert.equal(look.status, 200);
    assert.match(look.body.holderMasked, /\*/);
    const items = subs.slice(0, 3).map((a, i) => ({ accountId: a.id, amountFen: 1000 * (i + 1) }));
    for (const a of subs.slice(0, 3))
      await postReceivable(
        t.store,
        {
          billId: `B-${a.id}`,
          accountId: a.id,
          amountFen: 800,
          dueDate: '2026-10-25',
          month: '2026-10',
          energyWh: 1_000_000,
        },
        t.clock.now().toISOString(),
      );
    const r = await call(
      'group.admin',
      'POST',
      '/api/payments/group-orders',
      { items },
      { 'idempotency-key': 'group-key-0001' },
    );
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.equal(r.body.order.amountFen, 6000);
    await provider.pay(r.body.order.id);
    await waitPaid(r.body.order.id);
    assert.deepEqual(await Promise.all(items.map((i) => walletFen(i.accountId))), [200, 1200, 2200]);
    const table = await call('group.admin', 'GET', '/api/payments/group/months?from=2026-01&to=2026-12');
    // Billed rows; the current month (November, not billed yet) is shown metered so far besides.
    const billed = table.body.items.filter((x: any) => !x.soFar);
    assert.equal(billed.length, 3);
    assert.deepEqual(
      billed.map((x: any) => x.arrearsFen),
      [0, 0, 0],
    );
    assert.ok(table.body.items.some((x: any) => x.soFar && x.month === '2026-11'));
    const csv = await call('group.admin', 'GET', '/api/payments/group/months.csv?from=2026-01&to=2026-12');
    assert.match(csv.body, /month,subsidiary,account_no,energy_kwh,cost_yuan,arrears_yuan/);
    assert.match(csv.body, /1000\.000,8\.00,0\.00/);
    const denied = await call(
      'zhangwei',
      'POST',
      '/api/payments/group-orders',
      { items },
      { 'idempotency-key': 'group-key-0002' },
    );
    assert.equal(denied.status, 403);
  });

  test("reconciling the provider's statement finds every online payment", async () => {
    const day = new Intl.DateTimeFormat('en-CA', { timeZone: 'Asia/Shanghai' }).format(new Date());
    const statement = await (await fetch(`${provider.url}/statements/${day}`)).text();
    const extra = statement + `SIMX999,po-unknown,4200,${new Date().toISOString()}\n`;
    const r = await call('admin', 'POST', `/api/payments/reconciliation?day=${day}`, extra);
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(r.body.report.matched.length >= 2);
    assert.deepEqual(
      r.body.report.missingOnOurSide.map((m: any) => m.providerTxnId),
      ['SIMX999'],
    );
    assert.deepEqual(r.body.report.missingAtProvider, []);
  });

  test('a bank result file posts its successes once, even when read twice', async () => {
    const no = await accountNo(POSTPAID);
    const out = await call('clerk.gangu', 'GET', '/api/payments/bank/withholding-file');
    assert.match(out.body, /^line_no,account_no,amount_fen,due_date/);
    const file = `line_no,account_no,amount_fen,result,bank_txn_id,message\n1,${no},300,success,BANK-1,ok\n2,${no},300,fail,,余额不足\n`;
    const before = await walletFen(POSTPAID);
    const a = await call('clerk.gangu', 'POST', '/api/payments/bank/result-file', file);
    const b = await call('clerk.gangu', 'POST', '/api/payments/bank/result-file', file);
    assert.deepEqual([a.body.paid, a.body.failed, b.body.paid, b.body.duplicates], [1, 1, 0, 1]);
    assert.equal(await walletFen(POSTPAID), before + 300);
    const bad = await call(
      'clerk.gangu',
      'POST',
      '/api/payments/bank/result-file',
      'line_no,account_no,amount_fen,result,bank_txn_id,message\n1,x,abc,maybe,,\n',
    );
    assert.equal(bad.status, 400);
    assert.equal(bad.body.error.code, 'IMPORT_REJECTED');
  });

  test('a late fee is charged on an overdue bill and waived with a reason', async () => {
    await postReceivable(
      t.store,
      { billId: 'B-LATE', accountId: PREPAID, amountFen: 100_000, dueDate: '2026-10-01' },
      t.clock.now().toISOString(),
    );
    const no = await accountNo(PREPAID);
    const fee = await call('clerk.gangu', 'POST', '/api/payments/late-fees/assess', {
      accountNo: no,
      asOf: '2026-10-11',
    });
    assert.equal(fee.status, 200, JSON.stringify(fee.body));
    assert.equal(fee.body.totalFen, 1000); // residential 0.1 % × 10 days × 1000.00
    const w = await call('admin', 'POST', '/api/payments/late-fees/waive', {
      accountNo: no,
      lateFeeRef: fee.body.lateFeeRef,
      amountFen: 1000,
      reason: '系统故障 system outage',
    });
    assert.equal(w.status, 200, JSON.stringify(w.body));
    assert.equal(
      (await t.store.payments.ledger.openItems(PREPAID)).some((i) => i.ref === fee.body.lateFeeRef),
      false,
    );
    assert.equal((await t.store.audit.listFor('late_fee', w.body.waiverId)).length, 1);
  });
});
