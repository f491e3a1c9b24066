import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { receivable, wallet } from '@meterflow/core/payments/ledger-account';
import { paymentReceivedEntry } from '@meterflow/core/payments/payment-entries';
import { step } from '@meterflow/store';
import { DEMO_PREPAID_ACCOUNT } from '../src/prepaid/prepaid-demo.ts';
import { makeTestApp, type TestApp } from './test-app.ts';

// The test app's clock is 2026-11-20, so the demo seeded the bill run of 2026-10.
const CYCLE = '2026-10';
let t: TestApp;
let clerk: string;
let auditor: string;
before(async () => {
  t = await makeTestApp();
  clerk = await t.login('clerk.gangu');
  auditor = await t.login('auditor');
});
after(() => t.close());

const call = async (cookie: string, method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await t.app.fastify.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
  return {
    status: res.statusCode,
    body: res.headers['content-type']?.toString().includes('json') ? res.json() : res.body,
    raw: res,
  };
};

test('the demo has a calculated cycle with a stage timeline and bills in the audit queue', async () => {
  const runs = await call(clerk, 'GET', `/api/billing/runs?cycle=${CYCLE}`);
  assert.equal(runs.status, 200);
  assert.ok(runs.body.items.length > 0);
  const run = runs.body.items.find((r: { readingBookId: string }) => r.readingBookId === 'rb-620524-02');
  assert.equal(run.status, 'calculated');
  assert.deepEqual(run.stages.map((s: { stage: string; outcome: string | null }) => [s.stage, s.outcome]).slice(0, 4), [
    ['readingPlan', 'succeeded'],
    ['collection', 'succeeded'],
    ['readingReview', 'succeeded'],
    ['calculation', 'succeeded'],
  ]);
  const queue = await call(clerk, 'GET', `/api/billing/audit-queue?cycle=${CYCLE}`);
  const zhang = queue.body.items.find((b: { accountId: string }) => b.accountId === 'acc-620524-0002');
  assert.ok(zhang, 'the estimated read of Zhang Wei waits in the queue');
  assert.deepEqual(
    zhang.audit.map((a: { rule: string }) => a.rule),
    ['estimatedRead'],
  );
  // Staff of the other county do not see Gangu's queue.
  const qinan = await call(await t.login('clerk.qinan'), 'GET', `/api/billing/audit-queue?cycle=${CYCLE}`);
  assert.ok(qinan.body.items.every((b: { accountId: string }) => !b.accountId.startsWith('acc-620524')));
});

test('running a cycle twice stores the same bills', async () => {
  const before = await call(clerk, 'GET', `/api/billing/bills?cycle=${CYCLE}&readingBookId=rb-620524-02`);
  const again = await call(clerk, 'POST', '/api/billing/runs', { cycle: CYCLE, readingBookId: 'rb-620524-02' });
  assert.equal(again.status, 200);
  const after = await call(clerk, 'GET', `/api/billing/bills?cycle=${CYCLE}&readingBookId=rb-620524-02`);
  assert.deepEqual(after.body, before.body);
  assert.ok(before.body.items.length > 0);
});

test('a held bill blocks release; approving it with a reason lets the book be released and posts receivables', async () => {
  const id = `acc-620524-0002.${CYCLE}.0`;
  const book = (await call(clerk, 'GET', `/api/bills/${id}`)).body.readingBookId as string;
  const blocked = await call(clerk, 'POST', '/api/billing/release', { readingBookId: book, cycle: CYCLE });
  assert.equal(blocked.status, 409);
  assert.equal(blocked.body.error.code, 'STATE_INVALID');
  const customerCannot = await call(await t.login('zhangwei'), 'POST', `/api/billing/bills/${id}/decision`, {
    decision: 'approved',
    reason: 'mine',
  });
  assert.equal(customerCannot.status, 403);
  const approved = await call(auditor, 'POST', `/api/billing/bills/${id}/decision`, {
    decision: 'approved',
    reason: '估抄电量与历史用电相符',
  });
  assert.equal(approved.status, 200);
  assert.equal(approved.body.status, 'approved');
  assert.equal(approved.body.decisions[0].reason, '估抄电量与历史用电相符');
  const twice = await call(auditor, 'POST', `/api/billing/bills/${id}/decision`, { decision: 'rejected', reason: 'x' });
  assert.equal(twice.status, 409);
  for (const b of (await call(clerk, 'GET', `/api/billing/audit-queue?cycle=${CYCLE}&readingBookId=${book}`)).body
    .items) {
    await call(auditor, 'POST', `/api/billing/bills/${b.id}/decision`, { decision: 'approved', reason: 'checked' });
  }
  // Zhang Wei overpaid earlier: 5 yuan wait in his wallet as credit.
  await t.store.payments.ledger.post(
    paymentReceivedEntry({
      paymentId: 'credit-before-release',
      accountId: 'acc-620524-0002',
      channel: 'counter',
      amountFen: 500,
      paidOn: '2026-11-19',
      externalRef: 'R-0002',
    }),
    '2026-11-19T02:00:00.000Z',
  );
  const released = await call(clerk, 'POST', '/api/billing/release', { readingBookId: book, cycle: CYCLE });
  assert.equal(released.status, 200);
  assert.ok(released.body.released > 0);
  const bill = (await call(clerk, 'GET', `/api/bills/${id}`)).body;
  assert.equal(bill.status, 'released');
  assert.ok(bill.totalFen > 500);
  // The credit paid part of the new bill at release; the rest is open.
  assert.equal(await t.store.payments.ledger.balance(receivable('acc-620524-0002')), bill.totalFen - 500);
  assert.equal(await t.store.payments.ledger.balance(wallet('acc-620524-0002')), 0);
  const items = await t.store.payments.ledger.openItems('acc-620524-0002');
  assert.deepEqual(
    items.map((i) => [i.ref, i.openFen]),
    [[id, bill.totalFen - 500]],
  );
  // Releasing again posts nothing more.
  const again = await call(clerk, 'POST', '/api/billing/release', { readingBookId: book, cycle: CYCLE });
  assert.equal(again.status, 200);
  assert.equal(await t.store.payments.ledger.balance(receivable('acc-620524-0002')), bill.totalFen - 500);
  const runs = await call(clerk, 'GET', `/api/billing/runs?cycle=${CYCLE}`);
  const stages = runs.body.items.find((r: { readingBookId: string }) => r.readingBookId === book).stages;
  assert.deepEqual(
    stages.slice(4).map((s: { stage: string; outcome: string; actor: string }) => [s.stage, s.outcome, s.actor]),
    [
      ['billAudit', 'succeeded', 'auditor'],
      ['release', 'succeeded', 'clerk.gangu'],
    ],
  );
});

test('the customer sees released bills of their accounts only, with lines that sum to the total, and the PDF', async () => {
  const zhang = await t.login('zhangwei');
  const list = await call(zhang, 'GET', '/api/bills');
  assert.equal(list.status, 200);
  assert.ok(list.body.items.length > 0);
  assert.ok(list.body.items.every((b: { releasedAt: string | null }) => b.releasedAt !== null));
  const id = list.body.items[0].id;
  const detail = (await call(zhang, 'GET', `/api/bills/${id}`)).body;
  const sum = detail.lines.reduce((n: number, l: { amount: string }) => n + Math.round(Number(l.amount) * 100), 0);
  assert.equal(sum, detail.totalFen);
  assert.ok(detail.lines[0].label.zh.length > 0);
  const pdf = await call(zhang, 'GET', `/api/bills/${id}/statement.pdf`);
  assert.equal(pdf.status, 200);
  assert.equal(pdf.raw.headers['content-type'], 'application/pdf');
  const other = await call(await t.login('group.admin'), 'GET', `/api/bills/${id}`);
  assert.equal(other.status, 404);
  // Unreleased bills stay hidden from customers.
  const unreleased = (await call(clerk, 'GET', `/api/billing/bills?cycle=${CYCLE}&readingBookId=rb-620524-01`)).body
    .items[0];
  if (unreleased) {
    const hidden = await call(await t.login('zhangwei'), 'GET', `/api/bills/${unreleased.id}`);
    assert.equal(hidden.status, 404);
  }
});

test('a rebill credits the original (never edited) and issues a new released bill', async () => {
  const id = `acc-620524-0002.${CYCLE}.0`;
  const original = (await call(clerk, 'GET', `/api/bills/${id}`)).body;
  const res = await call(clerk, 'POST', `/api/billing/bills/${id}/rebill`, {
    activeWh: 100_000,
    actualRead: true,
    reason: '实抄电量更正',
  });
  assert.equal(res.status, 200);
  assert.equal(res.body.bill.replacesBillId, id);
  assert.equal(res.body.bill.revision, 1);
  assert.equal(res.body.bill.energyKwh, '100.000');
  assert.equal(res.body.bill.status, 'released');
  const after = (await call(clerk, 'GET', `/api/bills/${id}`)).body;
  assert.equal(after.total, original.total);
  assert.equal(after.creditNote.newBillId, res.body.bill.id);
  const again = await call(clerk, 'POST', `/api/billing/bills/${id}/rebill`, { activeWh: 1, reason: 'twice' });
  assert.equal(again.status, 409);
  // The credit note returned what the original's earlier 5-yuan credit had paid to the wallet,
  // and that credit paid the corrected bill as it was released.
  assert.equal(
    await t.store.payments.ledger.balance(receivable('acc-620524-0002')),
    res.body.bill.totalFen - 500,
    'the receivable is the corrected bill only, less the credit',
  );
  assert.equal(await t.store.payments.ledger.balance(wallet('acc-620524-0002')), 0);
});

test("a prepaid account's bill replaces its daily estimates as it is released (the true-up)", async () => {
  const id = `${DEMO_PREPAID_ACCOUNT}.${CYCLE}.0`;
  const book = (await call(clerk, 'GET', `/api/bills/${id}`)).body.readingBookId as string;
  for (const b of (await call(clerk, 'GET', `/api/billing/audit-queue?cycle=${CYCLE}&readingBookId=${book}`)).body
    .items) {
    await call(auditor, 'POST', `/api/billing/bills/${b.id}/decision`, { decision: 'approved', reason: 'checked' });
  }
  const walletBefore = await t.store.payments.ledger.balance(wallet(DEMO_PREPAID_ACCOUNT));
  const released = await call(clerk, 'POST', '/api/billing/release', { readingBookId: book, cycle: CYCLE });
  assert.equal(released.status, 200);
  const bill = (await call(clerk, 'GET', `/api/bills/${id}`)).body;
  assert.equal(bill.status, 'released');
  const trueUp = await t.store.payments.ledger.run(function* () {
    return yield* step('findEntry', `true-up:${id}`);
  });
  assert.ok(trueUp, 'the bill was trued up at release');
  // The bill is paid out of the estimates, not left open, and the wallet moved by the difference
  // between the bill and the estimates of its period (none of which the demo's recent days fall in).
  assert.ok((await t.store.payments.ledger.openItems(DEMO_PREPAID_ACCOUNT)).every((i) => i.ref !== id));
  assert.equal(await t.store.payments.ledger.balance(receivable(DEMO_PREPAID_ACCOUNT)), 0);
  const walletAfter = await t.store.payments.ledger.balance(wallet(DEMO_PREPAID_ACCOUNT));
  assert.notEqual(walletAfter, walletBefore);
});
