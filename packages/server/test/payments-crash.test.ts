/**
 * Crash test: the real server process on a file database takes a burst of counter payments and
 * provider callbacks, is killed with SIGKILL mid-burst, and restarted. Every acknowledged (200)
 * payment must be posted exactly once, retries of acknowledged keys must replay, and the ledger
 * must balance.
 */
import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, Store } from '@meterflow/store';
import { startDemoServer, type ServerProcess } from './demo-server-process.ts';
import { startProviderProcess, TEST_PAYMENT_SECRET, type ProviderProcess } from './payment-provider-process.ts';

const ORDERS = 60;
const COUNTER_PAYMENTS = 400;
/** Kill once this many payments were acknowledged, so the kill lands mid-burst on a fast or a slow machine. */
const KILL_AFTER_ACKS = 25;
const KILL_AT_THE_LATEST_MS = 60_000;

const dir = mkdtempSync(join(tmpdir(), 'mf-crash-'));
const running: (ServerProcess | ProviderProcess)[] = [];
after(async () => {
  for (const p of running)
    if ('kill' in p) await p.kill();
    else p.stop();
  rmSync(dir, { recursive: true, force: true });
});

test('SIGKILL during a burst of payments and callbacks loses no acknowledged payment and posts none twice', async () => {
  const provider = await startProviderProcess();
  running.push(provider);
  await provider.behave({ drop: true });
  const env = { MF_PAYMENT_PROVIDER_URL: provider.url, MF_PAYMENT_SECRET: TEST_PAYMENT_SECRET };
  let server = await startDemoServer(dir, env);
  running.push(server);
  const clerk = await server.login('clerk.gangu');
  const customer = await server.login('zhangwei');
  const post = (s: ServerProcess, path: string, cookie: string, body: unknown, key: string) =>
    fetch(`${s.url}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', cookie, 'idempotency-key': key },
      body: JSON.stringify(body),
    });

  const orderIds: string[] = [];
  for (let i = 0; i < ORDERS; i++) {
    const res = await post(
      server,
      '/api/payments/orders',
      customer,
      { accountId: 'acc-620524-0001', amountFen: 100 + i },
      `crash-order-${i}`,
    );
    orderIds.push(((await res.json()) as { order: { id: string } }).order.id);
  }

  const ackedCounter = new Map<string, string>(); // idempotency key → order id
  const ackedCallbacks = new Set<string>();
  const burst: Promise<void>[] = [];
  for (let i = 0; i < COUNTER_PAYMENTS; i++) {
    const key = `crash-counter-${i}`;
    burst.push(
      post(server, '/api/payments/counter', clerk, { accountNo: '6205240002', amountFen: 1000 + i }, key)
        .then(async (r) => {
          if (r.status === 200) ackedCounter.set(key, ((await r.json()) as { order: { id: string } }).order.id);
        })
        .catch(() => undefined),
    );
    if (i < ORDERS) {
      const notice = JSON.stringify({
        orderId: orderIds[i],
        providerTxnId: `CRASH-${i}`,
        amountFen: 100 + i,
        paidAt: new Date().toISOString(),
        status: 'paid',
      });
      const sig = createHmac('sha256', TEST_PAYMENT_SECRET).update(notice).digest('hex');
      burst.push(
        fetch(`${server.url}/api/payments/callback`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', 'x-mf-signature': sig },
          body: notice,
        })
          .then(async (r) => {
            await r.text();
            if (r.status === 200) ackedCallbacks.add(orderIds[i]);
          })
          .catch(() => undefined),
      );
    }
  }
  const waitStart = Date.now();
  while (ackedCounter.size + ackedCallbacks.size < KILL_AFTER_ACKS && Date.now() - waitStart < KILL_AT_THE_LATEST_MS) {
    await new Promise((r) => setTimeout(r, 5));
  }
  await server.kill('SIGKILL');
  await Promise.all(burst);
  assert.ok(ackedCounter.size + ackedCallbacks.size > 0, 'some payments were acknowledged before the kill');
  assert.ok(ackedCounter.size < COUNTER_PAYMENTS, 'the kill landed before the burst was over');

  const handle = await openDatabase({ url: `sqlite:${join(dir, 'demo.db')}` });
  const ledger = Store.of(handle).payments.ledger;
  for (const id of [...ackedCounter.values(), ...ackedCallbacks]) {
    assert.equal(await ledger.countEntries(`payment:${id}`), 1, `payment ${id} posted exactly once`);
    assert.equal((await ledger.getOrder(id))?.state, 'paid');
  }
  assert.deepEqual(await ledger.unbalancedEntries(), []);
  const tb = await ledger.trialBalance();
  assert.equal(
    [...tb.values()].reduce((s, v) => s + v, 0),
    0,
  );
  const postedBefore = await ledger.countEntries('payment:');
  await handle.close();

  // Restart: retries of acknowledged requests replay their answer and post nothing new.
  server = await startDemoServer(dir, env);
  running.push(server);
  const clerk2 = await server.login('clerk.gangu');
  for (const [key, id] of [...ackedCounter].slice(0, 20)) {
    const i = Number(key.split('-').pop());
    const res = await post(
      server,
      '/api/payments/counter',
      clerk2,
      { accountNo: '6205240002', amountFen: 1000 + i },
      key,
    );
    assert.equal(res.status, 200);
    assert.equal(((await res.json()) as { order: { id: string } }).order.id, id);
  }
  for (const [i, id] of orderIds.entries()) {
    if (!ackedCallbacks.has(id)) continue;
    const notice = JSON.stringify({
      orderId: id,
      providerTxnId: `CRASH-${i}`,
      amountFen: 100 + i,
      paidAt: new Date().toISOString(),
      status: 'paid',
    });
    const sig = createHmac('sha256', TEST_PAYMENT_SECRET).update(notice).digest('hex');
    const res = await fetch(`${server.url}/api/payments/callback`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-mf-signature': sig },
      body: notice,
    });
    assert.deepEqual(await res.json(), { ok: true, duplicate: true });
  }
  await server.kill('SIGTERM');
  const again = await openDatabase({ url: `sqlite:${join(dir, 'demo.db')}` });
  assert.equal(await Store.of(again).payments.ledger.countEntries('payment:'), postedBefore);
  await again.close();
});
