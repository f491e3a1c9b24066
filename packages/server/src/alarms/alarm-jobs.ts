import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { JobScheduler } from '../jobs/job-scheduler.ts';

/**
 * Starts the alarm jobs (sweep, escalation) when the server starts listening, and stops them when
 * it closes. `inject()`-only apps (API tests) never listen, so they run no timers.
 */
export function startAlarmJobs(app: FastifyInstance, s: Services): void {
  let scheduler: JobScheduler | undefined;
  app.addHook('onListen', async () => {
    const schedule = s.alarms.settings.schedule;
    const leaseMs = schedule.leaseSeconds * 1000;
    scheduler = new JobScheduler(s.store, s.clock, undefined, app.log);
    // An interval of 0 seconds disables the job (e.g. when another process sweeps).
    if (schedule.sweepEverySeconds > 0)
      scheduler.add({
        name: 'alarms.sweep',
        everyMs: schedule.sweepEverySeconds * 1000,
        leaseMs,
        run: () => s.alarms.sweep(),
      });
    if (schedule.escalateEverySeconds > 0)
      scheduler.add({
        name: 'alarms.escalate',
        everyMs: schedule.escalateEverySeconds * 1000,
        leaseMs,
        run: () => s.alarms.escalate(),
      });
    scheduler.start();
  });
  app.addHook('preClose', async () => {
    await scheduler?.stop();
    // A relay to the notifications outbox may still be running after the last sweep.
    await s.alarms.settled();
  });
}
