import type { FastifyInstance } from 'fastify';
import { localDate, localParts } from '@meterflow/core';
import type { Services } from '../services.ts';
import { JobScheduler } from '../jobs/job-scheduler.ts';

/** How long a job's lease lasts before another instance may take it over. */
const LEASE_MS = 10 * 60_000;
/** How often the nightly settlement job checks whether yesterday is settled. */
const SETTLE_CHECK_MS = 60_000;

/**
 * Starts the notification and cost-control jobs when the server listens: outbox dispatch, remote
 * command rounds, the restore/deferred-trip sweep, and the nightly settlement of yesterday after
 * MF_PREPAID_SETTLE_AT. API tests that only inject() never listen, so they run no timers.
 */
export function startPrepaidJobs(app: FastifyInstance, s: Services): void {
  let scheduler: JobScheduler | undefined;
  app.addHook('onListen', async () => {
    const every = s.config.notifications.dispatchIntervalMs;
    scheduler = new JobScheduler(s.store, s.clock, undefined, app.log)
      .add({
        name: 'notifications.dispatch',
        everyMs: every,
        leaseMs: LEASE_MS,
        run: () => s.notifications.service.dispatch(),
      })
      .add({ name: 'prepaid.commands', everyMs: every, leaseMs: LEASE_MS, run: () => s.prepaid.commands.runDue() })
      .add({ name: 'prepaid.sweep', everyMs: every, leaseMs: LEASE_MS, run: () => s.prepaid.control.sweep() })
      .add({ name: 'prepaid.settle', everyMs: SETTLE_CHECK_MS, leaseMs: LEASE_MS, run: () => settleYesterday(s) });
    scheduler.start();
  });
  app.addHook('preClose', async () => {
    await scheduler?.stop();
    s.prepaid.close();
    s.notifications.close();
  });
}

async function settleYesterday(s: Services) {
  const now = s.clock.now();
  const p = localParts(now, s.config.zone);
  if (p.hour * 60 + p.minute < s.prepaid.config.settleAtMinute) return { skipped: 'before settle time' };
  const day = s.prepaid.settlement.yesterday();
  const runs = await s.store.prepaid.runs.list(5);
  if (runs.some((r) => r.day === day && r.status === 'finished')) return { skipped: `${day} settled` };
  const out = await s.prepaid.settlement.settle(day);
  await s.prepaid.control.evaluate(out.reachedLines);
  return { day, settled: out.run.settled, at: localDate(now, s.config.zone) };
}
