// What the console's bill run page polls while a run is in flight: the plan of the run, each
// book's progress from its run row, a failed book's error, and the counts of a finished one.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './test-app.ts';

/** A cycle the demo did not bill, so its runs are this file's own. */
const CYCLE = '2026-06';
const MID_RUN_BOOK = 'rb-620524-02';
const RUN_BOOK = 'rb-620524-03';
let t: TestApp;
let clerk: string;

interface RunView {
  readingBookId: string;
  cycle: string;
  status: string;
  accountsTotal: number;
  accountsDone: number;
  finishedAt: string | null;
  error: string | null;
  bills: Record<string, number>;
  stages: { stage: string; outcome: string | null }[];
}

before(async () => {
  t = await makeTestApp();
  clerk = await t.login('clerk.gangu');
});
after(() => t.close());

const call = async (method: 'GET' | 'POST', url: string, payload?: object) => {
  const res = await t.app.fastify.inject({ method, url, headers: { cookie: clerk }, ...(payload ? { payload } : {}) });
  return { status: res.statusCode, body: res.json() };
};
const runOf = async (book: string): Promise<RunView | undefined> =>
  ((await call('GET', `/api/billing/runs?cycle=${CYCLE}`)).body.items as RunView[]).find(
    (r) => r.readingBookId === book,
  );

test('the plan names the books a run would bill, with their accounts', async () => {
  for (const book of [MID_RUN_BOOK, RUN_BOOK]) {
    const sim = await call('POST', '/api/billing/simulate', { cycle: CYCLE, readingBookId: book });
    assert.equal(sim.status, 200);
  }
  const plan = await call('GET', `/api/billing/runs/plan?cycle=${CYCLE}`);
  assert.equal(plan.status, 200);
  const books = plan.body.items as { readingBookId: string; accounts: number }[];
  assert.deepEqual(
    books.map((b) => b.readingBookId),
    [MID_RUN_BOOK, RUN_BOOK],
  );
  for (const b of books) assert.equal(b.accounts, await t.store.billing.determinants.count(b.readingBookId, CYCLE));
  const one = await call('GET', `/api/billing/runs/plan?cycle=${CYCLE}&readingBookId=${RUN_BOOK}`);
  assert.deepEqual(
    one.body.items.map((b: { readingBookId: string }) => b.readingBookId),
    [RUN_BOOK],
  );
  const otherCounty = await t.app.fastify.inject({
    method: 'GET',
    url: `/api/billing/runs/plan?cycle=${CYCLE}&readingBookId=${RUN_BOOK}`,
    headers: { cookie: await t.login('clerk.qinan') },
  });
  assert.equal(otherCounty.statusCode, 404);
  const badCycle = await call('GET', '/api/billing/runs/plan?cycle=2026-13');
  assert.equal(badCycle.status, 400);
});

test('the runs listing shows a book mid-run, then its error when the run fails', async () => {
  const total = await t.store.billing.determinants.count(MID_RUN_BOOK, CYCLE);
  assert.ok(total >= 3, 'the book has a few accounts to be part-way through');
  const now = t.clock.now();
  const lease = { readingBookId: MID_RUN_BOOK, cycle: CYCLE, holder: 'another-runner' };
  const expiresAt = new Date(now.getTime() + 60_000).toISOString();
  const run = await t.store.billing.runs.acquire(lease, {
    now: now.toISOString(),
    expiresAt,
    accountsTotal: total,
    startedBy: 'clerk.gangu',
  });
  assert.ok(run);
  // A first chunk of two accounts committed (its bills are not the point here).
  const firstTwo = await t.store.billing.determinants.page(MID_RUN_BOOK, CYCLE, '', 2);
  await t.store.billing.runs.commitChunk(lease, {
    bills: [],
    auditResults: [],
    cursor: firstTwo[1].account_id,
    accountsDone: 2,
    leaseExpiresAt: expiresAt,
  });

  const mid = await runOf(MID_RUN_BOOK);
  assert.ok(mid);
  assert.deepEqual(
    { status: mid.status, done: mid.accountsDone, total: mid.accountsTotal, finishedAt: mid.finishedAt },
    { status: 'running', done: 2, total, finishedAt: null },
  );
  // The listing's running row is a lease really held: the clerk cannot start the book meanwhile.
  const refused = await call('POST', '/api/billing/runs', { cycle: CYCLE, readingBookId: MID_RUN_BOOK });
  assert.equal(refused.status, 409);
  assert.equal(refused.body.error.code, 'CONFLICT');

  await t.store.billing.runs.finish(
    lease,
    t.clock.now().toISOString(),
    'tariff residential-tiered has no version for 2026-06',
  );
  const failed = await runOf(MID_RUN_BOOK);
  assert.ok(failed);
  assert.deepEqual(
    { status: failed.status, done: failed.accountsDone, error: failed.error },
    { status: 'failed', done: 2, error: 'tariff residential-tiered has no version for 2026-06' },
  );
  assert.ok(failed.finishedAt);
});

test('after a run the listing shows every account done and the bills passed and held', async () => {
  const res = await call('POST', '/api/billing/runs', { cycle: CYCLE, readingBookId: RUN_BOOK });
  assert.equal(res.status, 200);
  const run = await runOf(RUN_BOOK);
  assert.ok(run);
  const total = await t.store.billing.determinants.count(RUN_BOOK, CYCLE);
  assert.deepEqual(
    { status: run.status, done: run.accountsDone, total: run.accountsTotal, error: run.error },
    { status: 'calculated', done: total, total, error: null },
  );
  assert.ok(run.finishedAt);
  assert.equal((run.bills.passed ?? 0) + (run.bills.held ?? 0), total);
  assert.deepEqual(run.bills, res.body.items[0].byStatus);
  assert.deepEqual(
    run.stages.filter((s) => s.stage === 'calculation').map((s) => s.outcome),
    ['succeeded'],
  );
});

test('a run over HTTP gives the event loop a turn per chunk, so the listing can answer while it runs', async () => {
  const books = (await call('GET', '/api/billing/runs/plan?cycle=2026-10')).body.items as unknown[];
  assert.ok(books.length >= 5);
  let turns = 0;
  let running = true;
  const probe = () => {
    turns++;
    if (running) setImmediate(probe);
  };
  setImmediate(probe);
  const res = await call('POST', '/api/billing/runs', { cycle: '2026-10' });
  running = false;
  assert.equal(res.status, 200);
  assert.equal(res.body.items.length, books.length);
  // Every book here is one chunk; a run that never yielded would leave the probe at one turn.
  assert.ok(turns >= books.length, `${turns} turns of the event loop for ${books.length} chunks`);
});
