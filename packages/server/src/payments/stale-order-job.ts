import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { JobScheduler, type JobDefinition } from '../jobs/job-scheduler.ts';
import type { PaymentService, StaleQueryRound } from './payment.service.ts';
import { PROVIDER_TIMEOUT_MS } from './provider-client.ts';

export const STALE_ORDER_JOB = 'payments.stale-orders';
/** A round's lease: at least ten minutes, and longer than a batch of slow provider calls could take. */
const MIN_LEASE_MS = 10 * 60_000;

export interface StaleOrderJobLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

/**
 * The timeout job as a scheduler job: each round queries the provider about online orders still
 * waiting after `staleQueryAfterMinutes` and settles them as the callback would. The lease keeps two
 * instances from running a round at once; settling is idempotent anyway (an order is booked once by
 * its lock and the payment entry's key, and closed only while it still waits).
 */
export function staleOrderJob(
  payments: Pick<PaymentService, 'queryStaleOrders'>,
  settings: { everySeconds: number; batch: number },
  log?: StaleOrderJobLog,
): JobDefinition {
  return {
    name: STALE_ORDER_JOB,
    everyMs: settings.everySeconds * 1000,
    // Two provider calls per order (query, then close when timed out), each bounded by the client's timeout.
    leaseMs: Math.max(MIN_LEASE_MS, settings.batch * 2 * PROVIDER_TIMEOUT_MS),
    run: async () => {
      const round = await payments.queryStaleOrders(settings.batch);
      if (log) logRound(log, round);
      return round;
    },
  };
}

function logRound(log: StaleOrderJobLog, r: StaleQueryRound): void {
  const { errors, ...counts } = r;
  // The unreachable error, when there is one, is the last: the round stopped there.
  const others = r.unreachable ? errors.slice(0, -1) : errors;
  for (const e of others) log.warn(e, 'stale order query failed; queried again next round');
  if (r.unreachable)
    log.warn(
      { ...counts, error: errors.at(-1)?.message },
      'payment provider unreachable: stale orders left waiting, queried again next round',
    );
  if (r.paid + r.closed > 0) log.info(counts, 'stale online orders settled from the provider');
}

/**
 * Starts the stale-order job when the server listens (`MF_PAYMENT_STALE_QUERY_EVERY_SECONDS`, 0 = off)
 * and stops it when the server closes. `inject()`-only apps never listen, so they run no timers.
 */
export function startPaymentsJobs(app: FastifyInstance, s: Services): void {
  let scheduler: JobScheduler | undefined;
  app.addHook('onListen', async () => {
    const c = s.payments.config;
    if (c.staleQueryEverySeconds === 0) return;
    scheduler = new JobScheduler(s.store, s.clock, undefined, app.log).add(
      staleOrderJob(s.payments.payments, { everySeconds: c.staleQueryEverySeconds, batch: c.staleQueryBatch }, app.log),
    );
    scheduler.start();
  });
  app.addHook('preClose', async () => {
    await scheduler?.stop();
  });
}
