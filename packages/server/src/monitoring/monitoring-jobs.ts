import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { JobScheduler } from '../jobs/job-scheduler.ts';
import { riskDailyJob } from './risk-daily-job.ts';

/**
 * Starts the daily safe-usage risk job when the server starts listening (MF_RISK_DAILY_AT, default
 * 04:00 local) and stops it when the server closes. `inject()`-only apps never listen, so run no timers.
 */
export function startMonitoringJobs(app: FastifyInstance, s: Services): void {
  let scheduler: JobScheduler | undefined;
  app.addHook('onListen', async () => {
    const atMinute = s.config.monitoring.riskDailyAtMinute;
    if (atMinute === null) return;
    scheduler = new JobScheduler(s.store, s.clock, undefined, app.log);
    scheduler.add(
      riskDailyJob(
        s.store,
        s.clock,
        (asOf) => s.monitoring.risk.runAll(asOf),
        { atMinute, zone: s.config.zone, holder: scheduler.holder },
        (o) => o.ran && app.log.info(o.result, 'daily risk assessment'),
      ),
    );
    scheduler.start();
  });
  app.addHook('preClose', async () => {
    await scheduler?.stop();
  });
}
