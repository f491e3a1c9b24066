// Payments in the browser: a customer pays through the provider simulator's confirm page and gets
// the receipt; a group administrator pays three subsidiaries in one payment. Receivables come from
// the test-only route, mounted because this file starts the demo with MF_ENABLE_TEST_ROUTES=1.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountDetail, GroupView } from '../../src/api/api-types.ts';
import type { PaymentOverview } from '../../src/api/payments-api.ts';
import { DEMO_PASSWORD, PHONE, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';
import { assertEnglish, fitsWidth, logIn, maybeScreenshot, switchToEnglish } from './ui-helpers.ts';

const ZHANG_POSTPAID = 'acc-620524-0002';

let h: Harness;
before(async () => {
  // The harness passes this process's environment to the demo server.
  process.env.MF_ENABLE_TEST_ROUTES = '1';
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

/** Posts released bills through the test-only route as the administrator. */
async function postReceivables(items: { billId: string; accountId: string; amountFen: number; dueDate: string }[]) {
  const login = await fetch(new URL('/api/auth/login', h.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username: 'admin', password: DEMO_PASSWORD }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  const res = await fetch(new URL('/api/payments/test/receivables', h.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json', cookie },
    body: JSON.stringify({ items }),
  });
  assert.equal(res.status, 200, await res.text());
}

async function overviewOf(user: string, accountId: string): Promise<PaymentOverview> {
  const get = await h.apiAs(user);
  return get<PaymentOverview>(`/api/payments/overview?accountId=${encodeURIComponent(accountId)}`);
}

test('zhangwei pays at the gateway and sees the receipt and the new balance', async () => {
  const before = await overviewOf('zhangwei', ZHANG_POSTPAID);
  const page = await h.freshPage();
  await logIn(page, 'zhangwei');
  await page.goto(`${h.baseUrl}#/accounts/${ZHANG_POSTPAID}`);
  const summary = page.getByTestId('payment-summary');
  await summary.getByTestId('pay-balance').waitFor();
  assert.equal(Number(await summary.getByTestId('pay-balance').getAttribute('data-fen')), before.balanceFen);
  assert.equal(await summary.getByTestId('pay-count-month').innerText(), String(before.paymentsThisMonth));

  await summary.getByTestId('pay-open').click();
  await page.getByTestId('pay-form').waitFor();
  await page.setViewportSize(PHONE);
  assert.equal(await fitsWidth(page), true, 'the pay page fits a phone');
  await page.getByTestId('pay-amount').fill('88.50');
  await page.getByTestId('pay-submit').click();

  // The provider simulator's confirm page, then back to our receipt page.
  await page.waitForURL(/\/pay\//);
  await page.locator('#confirm-pay').click();
  await page.waitForURL(/#\/portal\/payments\/receipt\//);
  await page.locator('[data-testid="receipt-page"][data-state="paid"]').waitFor();
  assert.match(await page.getByTestId('receipt-no').innerText(), /^MF\d{16}$/);
  assert.equal(Number(await page.getByTestId('receipt-amount').getAttribute('data-fen')), 8850);
  const shownBalance = page.getByTestId('receipt-balance');
  await shownBalance.waitFor();
  assert.equal(Number(await shownBalance.getAttribute('data-fen')), before.balanceFen + 8850);
  await page.getByTestId('receipt-print').waitFor();
  await maybeScreenshot(page, 'portal-payment-receipt');

  const after = await overviewOf('zhangwei', ZHANG_POSTPAID);
  assert.equal(after.balanceFen, before.balanceFen + 8850, 'the API agrees with the page');
  assert.equal(after.paymentsThisMonth, before.paymentsThisMonth + 1);

  await switchToEnglish(page);
  await assertEnglish(page, 'Payment receipt');

  // The history lists the payment with its receipt.
  await page.goto(`${h.baseUrl}#/portal/payments/history/${ZHANG_POSTPAID}`);
  await page.getByTestId('order-row').first().waitFor();
  assert.match(await page.getByTestId('order-row').first().innerText(), /88\.50/);
});

test('a group administrator pays three subsidiaries in one payment', async () => {
  const group = await (await h.apiAs('group.admin'))<GroupView>('/api/group');
  assert.equal(group.subsidiaries.length, 3);
  const targets = group.subsidiaries.map((s, i) => ({ accountId: s.accounts[0].id, amountFen: 10_000 * (i + 1) + 55 }));
  const today = new Date().toISOString().slice(0, 10);
  await postReceivables(
    targets.map((x, i) => ({
      billId: `E2E-GRP-${Date.now()}-${i}`,
      accountId: x.accountId,
      amountFen: x.amountFen,
      dueDate: today,
    })),
  );
  const before = await Promise.all(targets.map((x) => overviewOf('group.admin', x.accountId)));
  before.forEach((b, i) => assert.ok(b.arrearsFen >= targets[i].amountFen, 'the test bill is owed'));

  const page = await h.freshPage();
  await logIn(page, 'group.admin');
  await page.getByTestId('nav-group-pay').click();
  await page.getByTestId('group-payments-page').waitFor();
  await page.getByTestId('group-month-row').first().waitFor();
  assert.ok((await page.getByTestId('group-month-row').count()) >= 3, 'the month table lists the bills');
  const csv = await page
    .context()
    .request.get(new URL((await page.getByTestId('group-csv').getAttribute('href'))!, h.baseUrl).href);
  assert.equal(csv.status(), 200);
  assert.match(await csv.text(), /month,subsidiary,account_no,energy_kwh,cost_yuan,arrears_yuan/);

  for (const x of targets) {
    const line = page.locator(`[data-testid="group-pay-line"][data-account-id="${x.accountId}"]`);
    await line.getByTestId('group-pay-pick').check();
  }
  const expectedFen = before.reduce((s, b) => s + b.arrearsFen, 0);
  assert.match(
    await page.getByTestId('group-pay-total').innerText(),
    new RegExp(`${(expectedFen / 100).toFixed(2).replace('.', '\\.')}`),
  );
  await maybeScreenshot(page, 'portal-group-payments');
  await page.getByTestId('group-pay-submit').click();
  await page.waitForURL(/\/pay\//);
  await page.locator('#confirm-pay').click();
  await page.locator('[data-testid="receipt-page"][data-state="paid"]').waitFor();
  assert.equal(await page.getByTestId('receipt-target').count(), 3);
  assert.equal(Number(await page.getByTestId('receipt-amount').getAttribute('data-fen')), expectedFen);

  const after = await Promise.all(targets.map((x) => overviewOf('group.admin', x.accountId)));
  after.forEach((a, i) => {
    assert.equal(a.arrearsFen, 0, `subsidiary ${i + 1} owes nothing now`);
    assert.equal(a.balanceFen, before[i].balanceFen + before[i].arrearsFen, `subsidiary ${i + 1} balance`);
  });
});

/** Logs a demo user in over HTTP; returns a JSON POST helper carrying the session cookie. */
async function poster(username: string) {
  const login = await fetch(new URL('/api/auth/login', h.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  assert.equal(login.status, 200);
  const cookie = login.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async <T>(path: string, body: unknown, headers: Record<string, string> = {}): Promise<T> => {
    const res = await fetch(new URL(path, h.baseUrl), {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, ...headers },
      body: JSON.stringify(body),
    });
    const text = await res.text();
    assert.equal(res.status, 200, text);
    return JSON.parse(text) as T;
  };
}

test('staff approve refunds and see them paid out through the provider, or waiting for the bank payout file', async () => {
  const zhang = await poster('zhangwei');
  const clerk = await poster('clerk.gangu');
  const detail = await (await h.apiAs('zhangwei'))<AccountDetail>(`/api/accounts/${ZHANG_POSTPAID}`);
  const accountNo = detail.account.accountNo;
  // A gateway payment paid on the provider's confirm page; its callback books it.
  const created = await zhang<{ order: { id: string }; payUrl: string }>(
    '/api/payments/orders',
    { accountId: ZHANG_POSTPAID, amountFen: 3000 },
    { 'idempotency-key': `e2e-refund-${Date.now()}` },
  );
  await fetch(`${created.payUrl}/confirm`, { method: 'POST', redirect: 'manual' });
  const get = await h.apiAs('zhangwei');
  for (let i = 0; i < 100; i++) {
    if ((await get<{ state: string }>(`/api/payments/orders/${created.order.id}`)).state === 'paid') break;
    await new Promise((r) => setTimeout(r, 100));
  }
  const online = await clerk<{ id: string }>('/api/payments/refunds', {
    accountNo,
    amountFen: 1200,
    reason: '重复缴费 paid twice',
    paymentOrderId: created.order.id,
  });
  const counter = await clerk<{ order: { id: string } }>(
    '/api/payments/counter',
    { accountNo, amountFen: 900 },
    { 'idempotency-key': `e2e-refund-counter-${Date.now()}` },
  );
  const bank = await clerk<{ id: string }>('/api/payments/refunds', {
    accountNo,
    amountFen: 500,
    reason: '柜台多收 overcharged',
    paymentOrderId: counter.order.id,
  });

  const page = await h.freshPage();
  await logIn(page, 'admin');
  await page.goto(`${h.baseUrl}#/console/payments/refunds`);
  await page.getByTestId('refunds-page').waitFor();
  await page.getByTestId('refunds-filter').selectOption('');
  const item = (id: string) => page.locator(`[data-testid="refund-item"][data-refund-id="${id}"]`);
  await item(online.id).getByTestId('refund-approve').click();
  await page.locator(`[data-testid="refund-item"][data-refund-id="${online.id}"][data-status="paid"]`).waitFor();
  assert.equal(await item(online.id).getByTestId('refund-status').innerText(), '已退款');
  assert.match(await item(online.id).getByTestId('refund-payout').innerText(), /原路退回.*SIMR/);

  await item(bank.id).getByTestId('refund-approve').click();
  await page.locator(`[data-testid="refund-item"][data-refund-id="${bank.id}"][data-status="approved"]`).waitFor();
  assert.match(await item(bank.id).getByTestId('refund-payout').innerText(), /银行代付文件/);
  await page.getByTestId('payout-file-make').click();
  const link = page.getByTestId('payout-file-link');
  await link.waitFor();
  const csv = await page.context().request.get(new URL((await link.getAttribute('href'))!, h.baseUrl).href);
  assert.equal(csv.status(), 200);
  assert.match(
    await csv.text(),
    new RegExp(`^line_no,refund_id,attempt,account_no,amount_fen\\n(.*\\n)*\\d+,${bank.id},1,${accountNo},500\\n`),
  );
  await page.locator(`[data-testid="refund-item"][data-refund-id="${bank.id}"][data-status="paying"]`).waitFor();
  await maybeScreenshot(page, 'console-refunds');

  await switchToEnglish(page);
  await assertEnglish(page, 'Paid out');
});
