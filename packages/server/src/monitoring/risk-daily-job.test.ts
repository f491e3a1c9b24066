/** The daily risk job on the lease scheduler: once per local day at the configured time, across instances. */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@meterflow/core';
import { openDatabase, Store, type DatabaseHandle } from '@meterflow/store';
import { JobScheduler } from '../jobs/job-scheduler.ts';
import type { RiskRunResult } from './risk-assessment.service.ts';
import { RISK_DAILY_MARK, RISK_DAILY_RETRY_MS, riskDailyJob } from './risk-daily-job.ts';

const ZONE = 'Asia/Shanghai';
/** 04:00 local = 20:00 UTC the day before. */
const AT_MINUTE = 4 * 60;
/** Ticks ten minutes apart (the scheduler checks every minute; fewer ticks keep the test quick). */
const TICK_MS = 10 * 60_000;
let dir: string;
let handle: DatabaseHandle;
let store: Store;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-risk-daily-'));
  handle = await openDatabase({ url: `sqlite:${join(dir, 'jobs.db')}` });
  store = Store.of(handle);
});
after(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

/** Two instances sharing one database and one clock, each with its own scheduler and the same job. */
function instances(clock: ManualClock, runAll: (asOf: string) => Promise<RiskRunResult>): JobScheduler[] {
  return ['instance-a', 'instance-b'].map((holder) =>
    new JobScheduler(store, clock, holder).add(
      riskDailyJob(store, clock, runAll, { atMinute: AT_MINUTE, zone: ZONE, holder }),
    ),
  );
}

test('the daily risk job runs once per local day from 04:00, never twice across two instances', async () => {
  const clock = new ManualClock('2026-11-19T12:00:00Z'); // 20:00 local on the 19th
  const runs: { asOf: string; at: string }[] = [];
  const runAll = async (asOf: string): Promise<RiskRunResult> => {
    runs.push({ asOf, at: clock.now().toISOString() });
    return { asOf, assessed: 1, alarms: 0, withIntervalData: 0 };
  };
  const [a, b] = instances(clock, runAll);
  // Every ten minutes for three days both instances tick at the same instant.
  for (let step = 0; step < 3 * 24 * 6; step++) {
    clock.advance(TICK_MS);
    await Promise.all([a.tick(), b.tick()]);
  }
  assert.deepEqual(
    runs.map((r) => r.asOf),
    ['2026-11-18', '2026-11-19', '2026-11-20', '2026-11-21'],
  );
  assert.deepEqual(
    runs.map((r) => r.at),
    ['2026-11-19T12:10:00.000Z', '2026-11-19T20:00:00.000Z', '2026-11-20T20:00:00.000Z', '2026-11-21T20:00:00.000Z'],
    'the day started after 04:00 catches up at once, then each day at 04:00 local',
  );
  // A restarted instance (a new scheduler, nothing in memory) does not run the day again.
  const [c] = instances(clock, runAll);
  await c.tick();
  assert.equal(runs.length, 4);
});

test('a failed daily run is recorded and retried later the same day, then not again', async () => {
  const clock = new ManualClock('2026-12-01T19:59:00Z');
  let attempts = 0;
  const runAll = async (asOf: string): Promise<RiskRunResult> => {
    attempts++;
    if (attempts === 1) throw new Error('database went away');
    return { asOf, assessed: 1, alarms: 0, withIntervalData: 0 };
  };
  const [a, b] = instances(clock, runAll);
  clock.advance(60_000);
  const first = await a.tick();
  assert.equal(first[0].error, 'database went away');
  assert.equal((await store.jobLeases.get(RISK_DAILY_MARK))?.lastError, 'database went away');
  clock.advance(60_000);
  await b.tick();
  assert.equal(attempts, 1, 'not retried at the next check');
  clock.advance(RISK_DAILY_RETRY_MS);
  await b.tick();
  assert.equal(attempts, 2, 'retried after the pause, by the other instance');
  assert.equal((await store.jobLeases.get(RISK_DAILY_MARK))?.lastError, undefined);
  for (let i = 0; i < 30; i++) {
    clock.advance(60_000);
    await Promise.all([a.tick(), b.tick()]);
  }
  assert.equal(attempts, 2);
});
