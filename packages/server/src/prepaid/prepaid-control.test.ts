import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from '../../test/test-app.ts';

// 2026-11-20 is a Friday; 20:00 in Shanghai is inside the default night window (18:00–08:00).
let t: TestApp;
before(async () => {
  t = await makeTestApp({ MF_PREPAID_RETRY_BACKOFF_MS: '60000', MF_PREPAID_MAX_ATTEMPTS: '3' });
});
after(async () => t.close());

const ACC = 'acc-620524-0001';

test('at the stop line in a no-cut window the trip waits; it goes at the first allowed minute', async () => {
  const s = t.app.services;
  t.clock.set('2026-11-20T12:00:00Z'); // Friday 20:00 local: night
  for (const day of ['2026-11-17', '2026-11-18']) {
    const out = await s.prepaid.settlement.settle(day);
    await s.prepaid.control.evaluate(out.reachedLines);
  }
  const acc = (await t.store.prepaid.accounts.get(ACC))!;
  assert.equal(acc.control.supply, 'on');
  assert.equal(acc.control.warned, 'stop_imminent');
  // Saturday and Sunday are no-cut days too: the next allowed instant is Monday 08:00 local.
  assert.equal(acc.tripDeferredUntil, '2026-11-23T00:00:00.000Z');
  assert.equal((await t.store.prepaid.commands.list({ accountId: ACC, limit: 5 })).length, 0);
  for (const at of ['2026-11-21T03:00:00Z', '2026-11-22T23:59:00Z']) {
    t.clock.set(at); // Saturday noon, Monday 07:59: still no trip
    await s.prepaid.control.sweep();
    assert.equal((await t.store.prepaid.commands.list({ accountId: ACC, limit: 5 })).length, 0);
  }
  t.clock.set('2026-11-23T00:00:00Z');
  await s.prepaid.control.sweep();
  const cmds = await t.store.prepaid.commands.list({ accountId: ACC, limit: 5 });
  assert.deepEqual(
    cmds.map((c) => [c.action, c.status]),
    [['trip', 'issued']],
  );
  assert.equal((await t.store.prepaid.accounts.get(ACC))!.control.supply, 'trip_pending');
});

test('a command the meter never confirms is retried with backoff, then alarmed; supply stays on', async () => {
  const s = t.app.services;
  // No gateway is configured in this app: every send fails, as an unreachable meter would.
  await s.prepaid.commands.runDue();
  let cmd = (await t.store.prepaid.commands.list({ accountId: ACC, limit: 1 }))[0];
  assert.deepEqual([cmd.status, cmd.attempts], ['failed', 1]);
  await s.prepaid.commands.runDue(); // backoff not over: nothing happens
  assert.equal((await t.store.prepaid.commands.get(cmd.id))!.attempts, 1);
  t.clock.advance(60_000);
  await s.prepaid.commands.runDue();
  t.clock.advance(60_000);
  await s.prepaid.commands.runDue();
  cmd = (await t.store.prepaid.commands.get(cmd.id))!;
  assert.deepEqual([cmd.status, cmd.attempts], ['alarm', 3]);
  assert.deepEqual(
    cmd.history.map((h) => h.status),
    ['issued', 'sent', 'failed', 'retried', 'sent', 'failed', 'retried', 'sent', 'failed', 'alarm'],
  );
  const obs = await t.store.alarms.observations.active();
  const row = obs.rows.find((r) => r.kind === 'prepaidCommand');
  assert.ok(row, 'the alarm sweep was told');
  assert.equal((row.payload as { attempts: number; status: string }).attempts, 3);
  assert.equal((await t.store.prepaid.accounts.get(ACC))!.control.supply, 'on');
});
