import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { BusinessCalendar } from './business-calendar.ts';
import { finishStage, openBillingCycle, startStage, type BillingCycle } from './billing-cycle.ts';
import { StageLimitTable, type StageLimitRule } from './stage-limits.ts';
import { evaluateCycleStages } from './stage-evaluator.ts';
import { isAppError } from '../errors/error-codes.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/alarms/${name}`, import.meta.url), 'utf8'));
const cal = new BusinessCalendar(fixture('calendar-2024-shanghai.json'));
const limits = new StageLimitTable(fixture('stage-limits.json') as StageLimitRule[]);
const at = (local: string) => new Date(`${local}+08:00`);

function cycle(branchId = 'lanzhou-west', customerClass = 'residential'): BillingCycle {
  return openBillingCycle({
    readingBookId: 'RB-001',
    cycle: '2024-03',
    branchId,
    customerClass,
    openedAt: at('2024-03-18T08:30:00'),
  });
}

test('the most specific stage limit wins', () => {
  assert.equal(limits.resolve('collection', 'lanzhou-east', 'largeIndustry')?.limit.amount, 12);
  assert.equal(limits.resolve('collection', 'lanzhou-east', 'residential')?.limit.amount, 36);
  assert.equal(limits.resolve('collection', 'lanzhou-west', 'largeIndustry')?.limit.amount, 18);
  assert.equal(limits.resolve('collection', 'lanzhou-west', 'residential')?.limit.amount, 24);
});

test('a stage state machine refuses out-of-order steps', () => {
  let c = cycle();
  assert.throws(
    () => startStage(c, 'collection', 'u1', at('2024-03-18T09:00:00')),
    (e) => isAppError(e) && e.code === 'STATE_INVALID',
  );
  c = startStage(c, 'readingPlan', 'u1', at('2024-03-18T09:00:00'));
  assert.throws(() => startStage(c, 'readingPlan', 'u1', at('2024-03-18T09:00:00')), /already running/);
  c = finishStage(c, 'readingPlan', 'succeeded', at('2024-03-18T10:00:00'));
  c = startStage(c, 'collection', 'job', at('2024-03-18T10:00:00'));
  c = finishStage(c, 'collection', 'failed', at('2024-03-18T11:00:00'), 'job', 'front-end processor down');
  c = startStage(c, 'collection', 'job', at('2024-03-18T12:00:00'));
  assert.equal(c.stages.find((s) => s.stage === 'collection')?.attempts, 2);
});

test('statuses: on time, at risk, overrun, failed, waiting — with deadline and lateness', () => {
  let c = cycle();
  c = startStage(c, 'readingPlan', 'planner', at('2024-03-18T09:00:00'));
  c = finishStage(c, 'readingPlan', 'succeeded', at('2024-03-18T10:00:00'));
  c = startStage(c, 'collection', 'job', at('2024-03-18T10:00:00'));
  const evalAt = (now: string) => evaluateCycleStages(c, limits, cal, at(now));

  const early = evalAt('2024-03-18T20:00:00');
  assert.deepEqual(
    early.map((e) => e.status),
    ['onTime', 'onTime', 'waiting', 'waiting', 'waiting', 'waiting', 'waiting'],
  );
  assert.equal(early[1].deadline?.toISOString(), at('2024-03-19T10:00:00').toISOString());

  assert.equal(evalAt('2024-03-19T04:30:00')[1].status, 'atRisk'); // 18.5 of 24 hours used, share 0.75
  const late = evalAt('2024-03-19T12:15:00')[1];
  assert.equal(late.status, 'overrun');
  assert.equal(late.lateMinutes, 135);

  const failed = finishStage(c, 'collection', 'failed', at('2024-03-18T11:00:00'));
  assert.equal(evaluateCycleStages(failed, limits, cal, at('2024-03-18T12:00:00'))[1].status, 'failed');
});

test('working-time limits do not run over the weekend', () => {
  let c = cycle();
  for (const [stage, end] of [
    ['readingPlan', '2024-03-18T09:00:00'],
    ['collection', '2024-03-18T12:00:00'],
    ['readingReview', '2024-03-22T16:00:00'],
  ] as const) {
    c = startStage(c, stage, 'u', at(end));
    c = finishStage(c, stage, 'succeeded', at(end));
  }
  // Calculation became ready Friday 16:00 with 2 working hours: 1.5 on Friday, deadline Monday 09:00.
  const mondayEarly = evaluateCycleStages(c, limits, cal, at('2024-03-25T08:45:00'))[3];
  assert.equal(mondayEarly.deadline?.toISOString(), at('2024-03-25T09:00:00').toISOString());
  assert.equal(mondayEarly.status, 'atRisk');
  const mondayLate = evaluateCycleStages(c, limits, cal, at('2024-03-25T10:00:00'))[3];
  assert.equal(mondayLate.status, 'overrun');
  assert.equal(mondayLate.lateMinutes, 60);
});

test('a finished stage keeps the status it finished with', () => {
  let c = cycle();
  c = startStage(c, 'readingPlan', 'u', at('2024-03-18T09:00:00'));
  c = finishStage(c, 'readingPlan', 'succeeded', at('2024-03-20T09:00:00')); // one working day allowed
  const e = evaluateCycleStages(c, limits, cal, at('2024-04-30T09:00:00'))[0];
  assert.equal(e.status, 'overrun');
  assert.equal(e.finished, true);
  assert.equal(e.lateMinutes, 30); // 19 March 17:30 → 20 March 09:00 is 30 working minutes
});
