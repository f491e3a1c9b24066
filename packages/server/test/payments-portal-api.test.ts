/* eslint-disable @typescript-eslint/no-explicit-any -- the answers are JSON of many shapes */
// The payments API as the web app uses it: overview figures, search within the user's branches,
// and the test-only receivables route (mounted only with MF_ENABLE_TEST_ROUTES=1).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './test-app.ts';

const GANGU_ACCOUNT = 'acc-620524-0002';

async function call(t: TestApp, cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown, key?: string) {
  const res = await t.app.fastify.inject({
    method,
    url,
    payload: payload as object | undefined,
    headers: { cookie, ...(key ? { 'idempotency-key': key } : {}) },
  });
  return { status: res.statusCode, body: res.json() as any };
}

describe('payments API for the web app (test routes on)', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp({ MF_ENABLE_TEST_ROUTES: '1' });
  });
  after(() => t.close());

  test('a test receivable shows in the overview; a counter payment pays it and counts this month', async () => {
    const admin = await t.login('admin');
    const posted = await call(t, admin, 'POST', '/api/payments/test/receivables', {
      items: [{ billId: 'B-T1', accountId: GANGU_ACCOUNT, amountFen: 12345, dueDate: '2026-12-15' }],
    });
    assert.equal(posted.status, 200);
    const zhang = await t.login('zhangwei');
    const before = await call(t, zhang, 'GET', `/api/payments/overview?accountId=${GANGU_ACCOUNT}`);
    assert.equal(before.body.arrearsFen, 12345);
    assert.equal(before.body.status, 'due');
    const clerk = await t.login('clerk.gangu');
    const no = (await t.store.accounts.get(GANGU_ACCOUNT))!.accountNo;
    const paid = await call(
      t,
      clerk,
      'POST',
      '/api/payments/counter',
      { accountNo: no, amountFen: 20000 },
      'web-api-1',
    );
    assert.equal(paid.status, 200);
    const after = await call(t, zhang, 'GET', `/api/payments/overview?accountId=${GANGU_ACCOUNT}`);
    assert.equal(after.body.arrearsFen, 0);
    assert.equal(after.body.balanceFen, 20000 - 12345);
    assert.equal(after.body.status, 'paid_up');
    assert.equal(after.body.paymentsThisMonth, before.body.paymentsThisMonth + 1);
  });

  test('the test route is for administrators only', async () => {
    const clerk = await t.login('clerk.gangu');
    const res = await call(t, clerk, 'POST', '/api/payments/test/receivables', {
      items: [{ billId: 'B-T2', accountId: GANGU_ACCOUNT, amountFen: 100, dueDate: '2026-12-15' }],
    });
    assert.equal(res.status, 403);
  });

  test('payment search without an account number stays inside the clerk’s branch', async () => {
    const gangu = await t.login('clerk.gangu');
    const no = (await t.store.accounts.get(GANGU_ACCOUNT))!.accountNo;
    await call(t, gangu, 'POST', '/api/payments/counter', { accountNo: no, amountFen: 500 }, 'web-api-2');
    const own = await call(t, gangu, 'GET', '/api/payments/search');
    assert.ok(own.body.items.some((o: any) => o.targets.some((x: any) => x.accountId === GANGU_ACCOUNT)));
    const qinan = await t.login('clerk.qinan');
    const other = await call(t, qinan, 'GET', '/api/payments/search');
    assert.equal(other.status, 200);
    assert.equal(
      other.body.items.filter((o: any) => o.targets.some((x: any) => x.accountId === GANGU_ACCOUNT)).length,
      0,
      'a Qin’an clerk does not see Gangu payments',
    );
    const admin = await t.login('admin');
    const all = await call(t, admin, 'GET', '/api/payments/search');
    assert.ok(all.body.items.length >= own.body.items.length);
  });
});

describe('payments API with test routes off (the default)', () => {
  let t: TestApp;
  before(async () => {
    t = await makeTestApp();
  });
  after(() => t.close());

  test('the test receivables route does not exist', async () => {
    const admin = await t.login('admin');
    const res = await call(t, admin, 'POST', '/api/payments/test/receivables', {
      items: [{ billId: 'B-T3', accountId: GANGU_ACCOUNT, amountFen: 100, dueDate: '2026-12-15' }],
    });
    assert.equal(res.status, 404);
  });
});
