/**
 * Demo data for the alarm console: one billing cycle per reading book (one stalled in collection,
 * one at risk, one with a failed bill run), concentrators behind every book, a concentrator
 * outage, one silent meter and a safe-usage risk; then one sweep so the board starts populated.
 */
import type { Clock } from '@meterflow/core';
import type { BillingCycle, CycleStage, StageRecord } from '@meterflow/core/workflow/billing-cycle';
import { CYCLE_STAGES } from '@meterflow/core/workflow/billing-cycle';
import { localDate } from '@meterflow/core';
import type { Store } from '@meterflow/store';
import { AlarmFeed } from './alarm-feed.ts';
import { StoreObservationSource } from './alarm-observation-source.ts';
import { loadAlarmSettings } from './alarm-settings.ts';
import { AlarmSweepService, type SweepSummary } from './alarm-sweep.service.ts';

const MIN = 60_000;
const HOUR = 60 * MIN;
/** Polls of silence seeded for the outage (enough for every silence rule's first level). */
const DEMO_SILENT_POLLS = 4;
export const DEMO_STALLED_BOOK = 'rb-620524-03';
export const DEMO_AT_RISK_BOOK = 'rb-620522-02';
export const DEMO_FAILED_BOOK = 'rb-620522-04';
export const DEMO_OUTAGE_BOOK = 'rb-620522-05';

/** Stage records that succeeded one after another, `minutes` each, from `start`. */
function done(stages: readonly CycleStage[], start: number, minutes: number): StageRecord[] {
  return stages.map((stage, i) => ({
    stage,
    startedAt: new Date(start + i * minutes * MIN),
    endedAt: new Date(start + (i + 1) * minutes * MIN),
    actor: 'demo',
    outcome: 'succeeded',
    attempts: 1,
  }));
}

function demoCycle(bookId: string, branchId: string, now: number): BillingCycle {
  const cycle = localDate(new Date(now)).slice(0, 7);
  const base = { readingBookId: bookId, cycle, branchId, customerClass: 'residential' };
  const running = (stage: CycleStage, at: number): StageRecord => ({
    stage,
    startedAt: new Date(at),
    actor: 'demo',
    attempts: 1,
  });
  if (bookId === DEMO_STALLED_BOOK) {
    const opened = now - 52 * HOUR;
    return {
      ...base,
      openedAt: new Date(opened),
      stages: [...done(['readingPlan'], opened, 30), running('collection', opened + 30 * MIN)],
    };
  }
  if (bookId === DEMO_AT_RISK_BOOK) {
    const opened = now - 21 * HOUR;
    return {
      ...base,
      openedAt: new Date(opened),
      stages: [...done(['readingPlan'], opened, 30), running('collection', opened + 30 * MIN)],
    };
  }
  const opened = now - 50 * HOUR;
  if (bookId === DEMO_FAILED_BOOK) {
    const ok = done(['readingPlan', 'collection', 'readingReview'], opened, 20);
    const failedAt = opened + 80 * MIN;
    return {
      ...base,
      openedAt: new Date(opened),
      stages: [
        ...ok,
        {
          stage: 'calculation',
          startedAt: new Date(opened + 60 * MIN),
          endedAt: new Date(failedAt),
          actor: 'demo',
          outcome: 'failed',
          attempts: 1,
          note: 'tariff missing',
        },
      ],
    };
  }
  const stages = done(CYCLE_STAGES.slice(0, -1), opened, 20);
  return { ...base, openedAt: new Date(opened), stages: [...stages, running('paymentCollection', opened + 120 * MIN)] };
}

/** Seeds the alarm demo and runs one sweep; quick (a few hundred statements for the demo city). */
export async function seedDemoAlarms(store: Store, clock: Clock): Promise<SweepSummary> {
  const now = clock.now().getTime();
  const obs = store.alarms.observations;
  const books = await store.accounts.listReadingBooks();
  await store.alarms.cycleStages.insertMany(books.map((b) => demoCycle(b.id, b.orgId, now)));
  await obs.linkInstalledMeters();
  const fleet = await obs.readFleet();
  await obs.setMeterLinks(
    fleet.meterIds.map((meterId, i) => ({ meterId, concentratorId: `jzq-${fleet.readingBookIds[i] ?? 'none'}` })),
  );
  const outage = new Set(fleet.meterIds.filter((_, i) => fleet.readingBookIds[i] === DEMO_OUTAGE_BOOK));
  const lonely = fleet.meterIds.find((_, i) => fleet.readingBookIds[i] === 'rb-620524-07');
  for (let k = DEMO_SILENT_POLLS; k >= 1; k--) {
    const at = new Date(now - (k - 1) * 15 * MIN);
    await obs.recordMeterPoll(
      at,
      fleet.meterIds.map((meterId) => ({ meterId, answered: !outage.has(meterId) && meterId !== lonely })),
    );
  }
  await obs.setConcentratorHeartbeats(new Date(now), [
    { concentratorId: `jzq-${DEMO_OUTAGE_BOOK}`, heartbeat: 'missing' },
  ]);
  await obs.upsert([
    {
      kind: 'risk',
      key: 'safeUsage|account|acc-620524-0001',
      at: new Date(now),
      payload: {
        subjectKind: 'account',
        subjectId: 'acc-620524-0001',
        branchId: 'org-gg',
        riskKind: 'safeUsage',
        score: 82,
        detail: 'night load 3× the peer median',
      },
      cleared: false,
    },
  ]);
  const sweeper = new AlarmSweepService(
    store,
    new StoreObservationSource(store),
    () => settings,
    clock,
    new AlarmFeed(),
  );
  const settings = loadAlarmSettings();
  return sweeper.sweep();
}
