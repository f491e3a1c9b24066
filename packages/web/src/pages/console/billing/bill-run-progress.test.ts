import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { BillRun, BookRunResult } from '../../../api/billing-api.ts';
import { percentOf } from '../../../components/progress-bar.tsx';
import {
  currentStage,
  cycleProgress,
  marksBefore,
  mergeRuns,
  observedRun,
  reached,
  resultCounts,
  type LiveRun,
} from './bill-run-progress.ts';

const CYCLE = '2026-10';

function row(book: string, over: Partial<BillRun> = {}): BillRun {
  return {
    readingBookId: book,
    cycle: CYCLE,
    status: 'calculated',
    accountsTotal: 100,
    accountsDone: 100,
    startedBy: 'clerk.gangu',
    startedAt: '2026-11-01T01:00:00.000Z',
    finishedAt: '2026-11-01T01:00:05.000Z',
    error: null,
    bills: { passed: 99, held: 1 },
    stages: [],
    ...over,
  };
}

const PLAN = [
  { readingBookId: 'rb-01', accounts: 100 },
  { readingBookId: 'rb-02', accounts: 300 },
  { readingBookId: 'rb-03', accounts: 600 },
];

test('a rerun counts a book billed last time as waiting until the run takes it', () => {
  const before = [row('rb-01'), row('rb-02', { accountsTotal: 300, accountsDone: 300 })];
  const live: LiveRun = { cycle: CYCLE, plan: PLAN, before: marksBefore(before, CYCLE), inFlight: true };
  // rb-01 is done again (a later finish), rb-02 is half-way, rb-03 has no row yet.
  const now = [
    row('rb-01', { finishedAt: '2026-11-20T02:00:03.000Z' }),
    row('rb-02', { status: 'running', accountsTotal: 300, accountsDone: 150, finishedAt: null }),
  ];
  const p = cycleProgress(live, now);
  assert.deepEqual(
    { done: p.accountsDone, total: p.accountsTotal, booksDone: p.booksDone, books: p.books },
    { done: 250, total: 1000, booksDone: 1, books: 3 },
  );
  assert.deepEqual(
    p.waiting.map((b) => b.readingBookId),
    ['rb-03'],
  );
  assert.equal(percentOf(p.accountsDone, p.accountsTotal), 25);
  // Before the run reaches it, rb-02's old row is last run's figures, not this run's.
  const early = cycleProgress(live, [before[0], before[1]]);
  assert.deepEqual([early.accountsDone, early.waiting.length], [0, 3]);
});

test('a failed book counts as failed with what it did; the run over, every book is reached', () => {
  const live: LiveRun = { cycle: CYCLE, plan: PLAN.slice(0, 2), before: {}, inFlight: false };
  const rows = [row('rb-01'), row('rb-02', { status: 'failed', accountsTotal: 300, accountsDone: 40 })];
  const p = cycleProgress(live, rows);
  assert.deepEqual([p.accountsDone, p.accountsTotal, p.booksDone, p.booksFailed], [140, 400, 1, 1]);
  const sameMarks: LiveRun = { ...live, before: marksBefore(rows, CYCLE) };
  assert.equal(reached(sameMarks, rows[0]), false, 'unchanged row, run not over: not reached');
  assert.equal(reached({ ...sameMarks, results: [] }, rows[0]), true, 'the POST answered: every book was billed');
  assert.equal(reached(sameMarks, row('rb-01', { cycle: '2026-09' })), false, 'another cycle');
});

test('percent is whole and reaches 100 only when every account is done', () => {
  assert.equal(percentOf(0, 0), 0);
  assert.equal(percentOf(999, 1000), 99);
  assert.equal(percentOf(1000, 1000), 100);
  assert.equal(percentOf(1, 3), 33);
});

test('polled rows of one cycle replace that cycle only, in the server order', () => {
  const held = [row('rb-02'), row('rb-01', { cycle: '2026-09' })];
  const merged = mergeRuns(held, [row('rb-03', { status: 'running' }), row('rb-02', { accountsDone: 5 })], CYCLE);
  assert.deepEqual(
    merged.map((r) => `${r.cycle}/${r.readingBookId}/${r.accountsDone}`),
    ['2026-10/rb-02/5', '2026-10/rb-03/100', '2026-09/rb-01/100'],
  );
  assert.equal(mergeRuns(held, [], undefined).length, 0, 'a full listing replaces everything');
});

test('a run seen without starting it, the stage a book is in, and the counts of a finished run', () => {
  assert.equal(observedRun([row('rb-01')]), undefined);
  const seen = observedRun([row('rb-01'), row('rb-02', { status: 'running', accountsDone: 10 })]);
  assert.ok(seen);
  assert.deepEqual(cycleProgress(seen, [row('rb-01'), row('rb-02', { status: 'running', accountsDone: 10 })]), {
    accountsDone: 110,
    accountsTotal: 200,
    books: 2,
    booksDone: 1,
    booksFailed: 0,
    waiting: [],
  });
  const stages = [
    { stage: 'calculation', startedAt: 'a', endedAt: 'b', actor: 'x', outcome: 'succeeded' },
    { stage: 'billAudit', startedAt: 'b', endedAt: null, actor: 'system:audit', outcome: null },
    { stage: 'readingPlan', startedAt: 'a', endedAt: 'a', actor: 'x', outcome: 'succeeded' },
  ];
  assert.equal(currentStage(row('rb-01', { stages }))?.stage, 'billAudit');
  assert.equal(currentStage(row('rb-01', { stages: stages.slice(0, 1) }))?.stage, 'calculation');
  const results: BookRunResult[] = [
    { readingBookId: 'rb-01', cycle: CYCLE, accounts: 3, computed: 3, byStatus: { passed: 2, held: 1 } },
    { readingBookId: 'rb-02', cycle: CYCLE, accounts: 4, computed: 4, byStatus: { passed: 4 } },
  ];
  assert.deepEqual(resultCounts(results), { passed: 6, held: 1 });
});
