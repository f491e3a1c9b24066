/**
 * The stale-order job against the provider simulator as its own process: callbacks are dropped, so
 * only the job's queries settle orders — paid once, declined or timed out closed, and left waiting
 * while the provider cannot be reached.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { wallet } from '@meterflow/core/payments/ledger-account';
import { JobScheduler } from '../src/jobs/job-scheduler.ts';
import { PaymentService } from '../src/payments/payment.service.ts';
import { ProviderClient } from '../src/payments/provider-client.ts';
import { STALE_ORDER_JOB, staleOrderJob, type StaleOrderJobLog } from '../src/payments/stale-order-job.ts';
import { makeTestApp, type TestApp } from './test-app.ts';
import { startProviderProcess, TEST_PAYMENT_SECRET, type ProviderProcess } from './payment-provider-process.ts';

const ACCOUNT = 'acc-620524-0001';
const SETTINGS = { everySeconds: 60, batch: 100 };

/** A loopback port nothing listens on: the provider "down". */
async function deadPort(): Promise<number> {
  const srv = createServer();
  await new Promise<void>((r) => srv.listen(0, '127.0.0.1', r));
  const { port } = srv.address() as { port: number };
  await new Promise<void>((r) => srv.close(() => r()));
  return port;
}

function captureLog() {
  const lines: { level: string; obj: object; msg: string }[] = [];
  const log: StaleOrderJobLog = {
    info: (obj, msg) => lines.push({ level: 'info', obj, msg }),
    warn: (obj, msg) => lines.push({ level: 'warn', obj, msg }),
  };
  return { lines, log };
}

describe('stale-order job', () => {
  let t: TestApp;
  let provider: ProviderProcess;
  let cookie: string;
  let seq = 0;
  before(async () => {
    provider = await startProviderProcess();
    // The job is driven by the test here, never by a timer.
    t = await makeTestApp({
      MF_PAYMENT_PROVIDER_URL: provider.url,
      MF_PAYMENT_SECRET: TEST_PAYMENT_SECRET,
      MF_PAYMENT_STALE_QUERY_EVERY_SECONDS: '0',
    });
    cookie = await t.login('zhangwei');
    // No callback ever reaches the server: only queries can settle an order.
    await provider.behave({ drop: true });
  });
  after(async () => {
    provider.stop();
    await t.close();
  });

  const order = async (amountFen: number): Promise<string> => {
    const res = await t.app.fastify.inject({
      method: 'POST',
      url: '/api/payments/orders',
      headers: { cookie, 'idempotency-key': `stale-job-key-${++seq}` },
      payload: { accountId: ACCOUNT, amountFen },
    });
    assert.equal(res.statusCode, 200, res.body);
    return (res.json() as { order: { id: string } }).order.id;
  };
  const state = async (id: string) => (await t.store.payments.ledger.getOrder(id))?.state;
  const walletFen = async () => 0 - (await t.store.payments.ledger.balance(wallet(ACCOUNT)));
  const payments = () => t.app.services.payments.payments;

  test('a paid order whose callback never came is booked once, though two instances run the job at once', async () => {
    const id = await order(4321);
    assert.equal((await provider.pay(id)).status, 'paid');
    const before = await walletFen();
    const { lines, log } = captureLog();
    const a = new JobScheduler(t.store, t.clock, 'instance-a').add(staleOrderJob(payments(), SETTINGS, log));
    const b = new JobScheduler(t.store, t.clock, 'instance-b').add(staleOrderJob(payments(), SETTINGS, log));
    // Younger than the query age (5 minutes): not asked about yet.
    t.clock.advance(2 * 60_000);
    await a.tick();
    assert.equal(await state(id), 'created');
    t.clock.advance(4 * 60_000);
    const [ra, rb] = await Promise.all([a.tick(), b.tick()]);
    const ran = [...ra, ...rb].filter((r) => r.name === STALE_ORDER_JOB && r.ran);
    assert.equal(ran.length, 1, 'the lease lets one instance run the round');
    assert.equal(ran[0].error, undefined);
    assert.equal(await state(id), 'paid');
    assert.equal(await t.store.payments.ledger.countEntries(`payment:${id}`), 1);
    assert.equal(await walletFen(), before + 4321);
    assert.ok(lines.some((l) => l.level === 'info' && (l.obj as { paid: number }).paid === 1));
    // Later rounds find nothing more to do.
    t.clock.advance(60_000);
    await Promise.all([a.tick(), b.tick()]);
    assert.equal(await t.store.payments.ledger.countEntries(`payment:${id}`), 1);
    assert.equal(await walletFen(), before + 4321);
    assert.deepEqual(await t.store.payments.ledger.unbalancedEntries(), []);
  });

  test('two rounds racing without the lease still book a payment once', async () => {
    const id = await order(555);
    await provider.pay(id);
    const before = await walletFen();
    t.clock.advance(6 * 60_000);
    const [x, y] = await Promise.all([payments().queryStaleOrders(), payments().queryStaleOrders()]);
    assert.equal(x.paid + y.paid >= 1, true);
    assert.equal(await state(id), 'paid');
    assert.equal(await t.store.payments.ledger.countEntries(`payment:${id}`), 1);
    assert.equal(await walletFen(), before + 555);
  });

  test('a declined order is closed; an unpaid one stays open until its timeout, then is closed at both ends', async () => {
    const declined = await order(100);
    const unpaid = await order(200);
    assert.equal((await provider.fail(declined)).status, 'failed');
    const job = new JobScheduler(t.store, t.clock, 'instance-c').add(staleOrderJob(payments(), SETTINGS));
    t.clock.advance(6 * 60_000);
    await job.tick();
    assert.equal(await state(declined), 'closed');
    assert.equal(await state(unpaid), 'created', 'asked, still unpaid, younger than the 15-minute timeout');
    t.clock.advance(10 * 60_000);
    await job.tick();
    assert.equal(await state(unpaid), 'closed');
    // Closed at the provider too: the customer can no longer pay it there.
    assert.equal((await provider.pay(unpaid)).status, 'closed');
    assert.equal(await t.store.payments.ledger.countEntries(`payment:${declined}`), 0);
    assert.equal(await t.store.payments.ledger.countEntries(`payment:${unpaid}`), 0);
  });

  test('while the provider is unreachable orders stay waiting, a line is logged, and the next round settles them', async () => {
    const id = await order(777);
    await provider.pay(id);
    const before = await walletFen();
    const c = t.app.services.payments.config;
    const down = { ...c, providerUrl: `http://127.0.0.1:${await deadPort()}` };
    const cut = new PaymentService(
      t.store,
      t.clock,
      down,
      t.app.services.config.zone,
      t.app.services.access,
      new ProviderClient(down),
    );
    const { lines, log } = captureLog();
    const offline = new JobScheduler(t.store, t.clock, 'instance-d').add(staleOrderJob(cut, SETTINGS, log));
    t.clock.advance(6 * 60_000);
    const [run] = await offline.tick();
    assert.equal(run.ran, true);
    assert.equal(run.error, undefined, 'an unreachable provider is not a failed job run');
    assert.equal(await state(id), 'created');
    assert.equal(await walletFen(), before);
    const warn = lines.find((l) => l.level === 'warn' && /unreachable/.test(l.msg));
    assert.ok(warn, JSON.stringify(lines));
    assert.equal((warn.obj as { unreachable: boolean }).unreachable, true);
    assert.ok((warn.obj as { pending: number }).pending >= 1);
    // The provider is back (the normal client): the next round books it, once.
    const online = new JobScheduler(t.store, t.clock, 'instance-e').add(staleOrderJob(payments(), SETTINGS));
    t.clock.advance(60_000);
    await online.tick();
    assert.equal(await state(id), 'paid');
    assert.equal(await walletFen(), before + 777);
    assert.equal(await t.store.payments.ledger.countEntries(`payment:${id}`), 1);
  });
});
