import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { BusinessCalendar } from './business-calendar.ts';
import { CYCLE_STAGES, type BillingCycle, type StageRecord } from './billing-cycle.ts';
import { StageLimitTable, type StageLimitRule } from './stage-limits.ts';
import { evaluateCycleStages } from './stage-evaluator.ts';
import { StageTimingMemo } from './stage-timing-memo.ts';

const fixture = (name: string) =>
  JSON.parse(readFileSync(new URL(`../../test/fixtures/alarms/${name}`, import.meta.url), 'utf8'));
const cal = new BusinessCalendar(fixture('calendar-2024-shanghai.json'));
const limits = new StageLimitTable(fixture('stage-limits.json') as StageLimitRule[]);
const BASE = new Date('2024-09-25T00:30:00Z').getTime();
const HOUR = 3_600_000;

/** A cycle whose first `done` stages succeeded after the given gaps (hours), the next maybe running or failed. */
const cycleArb = fc
  .record({
    openedH: fc.integer({ min: 0, max: 20 * 24 }),
    gaps: fc.array(fc.integer({ min: 0, max: 96 }), { minLength: 7, maxLength: 7 }),
    done: fc.integer({ min: 0, max: 7 }),
    last: fc.constantFrom('running', 'failed', 'none'),
    branchId: fc.constantFrom('lanzhou-east', 'lanzhou-west'),
    customerClass: fc.constantFrom('residential', 'largeIndustry'),
  })
  .map(({ openedH, gaps, done, last, branchId, customerClass }): BillingCycle => {
    const openedAt = new Date(BASE + openedH * HOUR);
    let t = openedAt.getTime();
    const stages: StageRecord[] = [];
    CYCLE_STAGES.forEach((stage, i) => {
      if (i < done) {
        const startedAt = new Date(t);
        t += gaps[i] * HOUR;
        stages.push({ stage, startedAt, endedAt: new Date(t), actor: 'u', outcome: 'succeeded', attempts: 1 });
      } else if (i === done && last !== 'none') {
        stages.push({
          stage,
          startedAt: new Date(t),
          actor: 'u',
          attempts: 1,
          ...(last === 'failed' ? { outcome: 'failed' as const, endedAt: new Date(t + HOUR) } : {}),
        });
      }
    });
    return { readingBookId: 'RB', cycle: '2024-10', branchId, customerClass, openedAt, stages };
  });

test('one memo shared by many cycles gives exactly what each cycle alone gives', () => {
  const memo = new StageTimingMemo(cal);
  fc.assert(
    fc.property(cycleArb, fc.integer({ min: 0, max: 40 * 24 }), (c, nowH) => {
      const now = new Date(BASE + nowH * HOUR);
      assert.deepEqual(evaluateCycleStages(c, limits, cal, now, memo), evaluateCycleStages(c, limits, cal, now));
    }),
    { numRuns: 300 },
  );
});

test('a memo over another calendar is not used', () => {
  const other = new BusinessCalendar({ workingHours: {}, holidays: [] });
  const c: BillingCycle = {
    readingBookId: 'RB',
    cycle: '2024-10',
    branchId: 'lanzhou-west',
    customerClass: 'residential',
    openedAt: new Date(BASE),
    stages: [],
  };
  const now = new Date(BASE + 30 * HOUR);
  assert.deepEqual(
    evaluateCycleStages(c, limits, cal, now, new StageTimingMemo(other)),
    evaluateCycleStages(c, limits, cal, now),
  );
});
