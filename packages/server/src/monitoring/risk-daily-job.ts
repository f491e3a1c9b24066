import { addDays, localDate, localToInstant, type Clock } from '@meterflow/core';
import type { Store } from '@meterflow/store';
import type { JobDefinition } from '../jobs/job-scheduler.ts';
import type { RiskRunResult } from './risk-assessment.service.ts';

/** The scheduler job; its lease keeps two instances from checking at once. */
export const RISK_DAILY_JOB = 'monitoring.risk-daily';
/** A second lease row used as the durable record of the last daily run (started, finished, error). */
export const RISK_DAILY_MARK = 'monitoring.risk-daily.last-run';
/** How often the job looks whether today's run is due (by the injected clock). */
export const RISK_DAILY_CHECK_MS = 60_000;
/** A run over every account may take long; the lease outlives it, and a crashed run is retried after it. */
export const RISK_DAILY_LEASE_MS = 60 * 60_000;
/** A failed run is tried again after this long, not at every check. */
export const RISK_DAILY_RETRY_MS = 15 * 60_000;

export interface RiskDailySettings {
  /** Local minute of the day from which the day's run is due. */
  atMinute: number;
  zone: string;
  /** Lease holder of this instance (the scheduler's). */
  holder: string;
}

export type RiskDailyOutcome = { ran: true; result: RiskRunResult } | { ran: false; reason: string };

/**
 * Runs the risk job for yesterday once per local day, from `atMinute` on. Whether today's run is done
 * is read from the mark row in the store, not from memory, so a restart or a second instance sharing
 * the database does not run it again; a failed run is retried at the next check.
 */
export async function runRiskDailyIfDue(
  store: Store,
  clock: Clock,
  runAll: (asOf: string) => Promise<RiskRunResult>,
  s: RiskDailySettings,
): Promise<RiskDailyOutcome> {
  const now = clock.now();
  const today = localDate(now, s.zone);
  const due = localToInstant(today, s.atMinute, s.zone);
  if (now.getTime() < due.getTime()) return { ran: false, reason: `due at ${due.toISOString()}` };
  const mark = await store.jobLeases.get(RISK_DAILY_MARK);
  const done =
    mark?.lastStartedAt !== undefined &&
    mark.lastFinishedAt !== undefined &&
    mark.lastError === undefined &&
    mark.lastStartedAt.getTime() >= due.getTime() &&
    mark.lastFinishedAt.getTime() >= mark.lastStartedAt.getTime();
  if (done) return { ran: false, reason: `${today} done` };
  if (mark?.lastError !== undefined && now.getTime() - (mark.lastFinishedAt?.getTime() ?? 0) < RISK_DAILY_RETRY_MS)
    return { ran: false, reason: `failed at ${mark.lastFinishedAt?.toISOString()}; retried later` };
  if (!(await store.jobLeases.acquire(RISK_DAILY_MARK, s.holder, now, RISK_DAILY_LEASE_MS)))
    return { ran: false, reason: 'another instance is running it' };
  try {
    const result = await runAll(addDays(today, -1));
    await store.jobLeases.release(RISK_DAILY_MARK, s.holder, clock.now());
    return { ran: true, result };
  } catch (e) {
    await store.jobLeases.release(RISK_DAILY_MARK, s.holder, clock.now(), e instanceof Error ? e.message : String(e));
    throw e;
  }
}

/** The daily risk assessment as a scheduler job that checks every minute whether today's run is due. */
export function riskDailyJob(
  store: Store,
  clock: Clock,
  runAll: (asOf: string) => Promise<RiskRunResult>,
  s: RiskDailySettings,
  onRun?: (o: RiskDailyOutcome) => void,
): JobDefinition {
  return {
    name: RISK_DAILY_JOB,
    everyMs: RISK_DAILY_CHECK_MS,
    leaseMs: RISK_DAILY_LEASE_MS,
    run: async () => {
      const outcome = await runRiskDailyIfDue(store, clock, runAll, s);
      onRun?.(outcome);
      return outcome;
    },
  };
}
