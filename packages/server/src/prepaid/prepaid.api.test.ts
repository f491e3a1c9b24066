import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from '../../test/test-app.ts';

let t: TestApp;
before(async () => {
  t = await makeTestApp({ MF_PREPAID_NO_CUT: 'off' });
});
after(async () => t.close());

test('demo prepaid account: settling the two open days crosses warning, then stop: SMS queued, trip issued', async () => {
  const zhang = await t.login('zhangwei');
  const clerk = await t.login('clerk.gangu');
  const get = async (url: string, cookie: string) => {
    const r = await t.app.fastify.inject({ method: 'GET', url, headers: { cookie } });
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };
  const before = await get('/api/prepaid/accounts/acc-620524-0001', zhang);
  assert.equal(before.availableFen, 3000);
  assert.equal(before.supply, 'on');
  assert.ok(before.forecast && before.forecast.daysLeft > 0);
  const settle = async (day: string) => {
    const r = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/prepaid/settlements',
      headers: { cookie: clerk },
      payload: { day },
    });
    assert.equal(r.statusCode, 200, r.body);
    return r.json();
  };
  const today = '2026-11-20';
  const d3 = '2026-11-17';
  const d2 = '2026-11-18';
  assert.ok(today > d2);
  const r1 = await settle(d3);
  assert.ok(r1.settled > 0 && r1.reminders > 0);
  const warned = await get('/api/prepaid/accounts/acc-620524-0001', zhang);
  assert.equal(warned.availableFen, 3000 - 1275);
  assert.equal(warned.warned, 'balance_warning');
  const outbox = await get('/api/notifications/outbox', clerk);
  assert.ok(
    outbox.items.some(
      (i: { templateId: string; channel: string }) => i.templateId === 'balance_warning' && i.channel === 'sms',
    ),
  );
  await settle(d2);
  const stopped = await get('/api/prepaid/accounts/acc-620524-0001', zhang);
  assert.equal(stopped.availableFen, 3000 - 1275 - 2040);
  assert.equal(stopped.supply, 'trip_pending');
  const cmds = await get('/api/prepaid/commands?accountId=acc-620524-0001', zhang);
  assert.equal(cmds.items[0].action, 'trip');
});
