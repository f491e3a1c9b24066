import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from '../../test/test-app.ts';

const ACCOUNT = 'acc-620524-0001';
let t: TestApp;
before(async () => {
  t = await makeTestApp({ MF_PREPAID_NO_CUT: 'off' });
});
after(async () => t.close());

test('a counter payment on a tripped prepaid account issues the close command at once, not at the next sweep', async () => {
  const clerk = await t.login('clerk.gangu');
  const call = async (method: 'GET' | 'POST', url: string, payload?: object, key?: string) => {
    const headers = { cookie: clerk, ...(key ? { 'idempotency-key': key } : {}) };
    const r = await t.app.fastify.inject({ method, url, headers, ...(payload ? { payload } : {}) });
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };
  // Two open days take the demo account below its stop line; the meter then confirms the trip.
  for (const day of ['2026-11-17', '2026-11-18']) await call('POST', '/api/prepaid/settlements', { day });
  const tripped = await call('GET', `/api/prepaid/accounts/${ACCOUNT}`);
  assert.ok(tripped.availableFen < 0, `available ${tripped.availableFen}`);
  await t.store.prepaid.accounts.saveControl(ACCOUNT, { supply: 'off', warned: 'none' }, null, new Date());
  const closes = async () =>
    (await call('GET', `/api/prepaid/commands?accountId=${ACCOUNT}`)).items.filter(
      (c: { action: string }) => c.action === 'close',
    );
  assert.equal((await closes()).length, 0);
  const accountNo = (await t.store.accounts.get(ACCOUNT))!.accountNo;
  const paid = await call('POST', '/api/payments/counter', { accountNo, amountFen: 10_000 }, 'restore-0001');
  assert.equal(paid.order.state, 'paid');
  // No job ran in between: the payment itself ran the restore check.
  const after = await call('GET', `/api/prepaid/accounts/${ACCOUNT}`);
  assert.equal(after.availableFen, tripped.availableFen + 10_000);
  assert.equal(after.supply, 'close_pending');
  assert.equal((await closes()).length, 1);
});

test("advice from the demo meter's interval blocks includes the standby base load", async () => {
  const zhang = await t.login('zhangwei');
  const r = await t.app.fastify.inject({
    method: 'GET',
    url: `/api/prepaid/accounts/${ACCOUNT}/advice`,
    headers: { cookie: zhang },
  });
  assert.equal(r.statusCode, 200, r.body);
  const standby = r.json().items.find((a: { kind: string }) => a.kind === 'standby_load');
  assert.ok(standby, r.body);
  // The demo base load is 15–21 Wh a quarter hour: its 5th percentile is 60–64 W.
  const w = Number(standby.numbers.baseW);
  assert.ok(w >= 60 && w <= 64, `base ${w} W`);
  assert.match(standby.text['zh-CN'], /待机/);
});
