import { readFileSync } from 'node:fs';
import type { FastifyBaseLogger } from 'fastify';
import { resolveVeeConfig } from '@meterflow/core/metering/vee/vee-config';
import type { Services } from '../../services.ts';
import { JobScheduler } from '../../jobs/job-scheduler.ts';
import { parsePollPlanConfig } from './poll-plan-config.ts';
import { ReadingPlanService } from './reading-plan.service.ts';
import { RegisterVeeService } from './register-vee.service.ts';

/** How often the job looks whether a poll time has passed (by the injected clock). */
export const READING_PLAN_CHECK_MS = 30_000;
/** A poll of a large plan may take long; the lease outlives it. */
export const READING_PLAN_LEASE_MS = 60 * 60_000;

/**
 * Starts the reading plan from a JSON file as a leased job: one instance polls at each configured
 * local time, stores what it read, runs register VEE and reports to the alarm system.
 */
export function startReadingPlan(
  services: Services,
  file: string,
  log: FastifyBaseLogger,
): { plan: ReadingPlanService; stop(): Promise<void> } {
  const config = parsePollPlanConfig(JSON.parse(readFileSync(file, 'utf8')));
  const { store, clock } = services;
  const zone = services.config.zone;
  const plan = new ReadingPlanService(
    store,
    clock,
    zone,
    config,
    new RegisterVeeService(store, clock, zone, resolveVeeConfig()),
    (o) => services.alarms.observe(o),
  );
  const scheduler = new JobScheduler(store, clock, undefined, log);
  scheduler.add({
    name: 'metering.reading-plan',
    everyMs: READING_PLAN_CHECK_MS,
    leaseMs: READING_PLAN_LEASE_MS,
    run: async () => {
      const summary = await plan.runDue();
      if (summary) log.info(summary, 'reading plan polled');
    },
  });
  scheduler.start();
  log.info({ file, channels: config.channels.length, pollTimes: config.pollTimes }, 'reading plan started');
  return {
    plan,
    async stop() {
      await scheduler.stop();
      plan.close();
    },
  };
}
