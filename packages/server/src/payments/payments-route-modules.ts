import type { FastifyInstance } from 'fastify';
import type { Services } from '../services.ts';
import { paymentsCallbackRoutes } from './payments-callback.routes.ts';
import { paymentsOfficeRoutes } from './payments-office.routes.ts';
import { paymentsRoutes } from './payments.routes.ts';
import { paymentsTestRoutes } from './payments-test.routes.ts';
import { startPaymentsJobs } from './stale-order-job.ts';

/** The payments context's HTTP routes (customers and groups, the provider's callback, the back office) and its job. */
export function paymentsRouteModule(app: FastifyInstance, s: Services): void {
  paymentsRoutes(app, s);
  paymentsCallbackRoutes(app, s);
  paymentsOfficeRoutes(app, s);
  paymentsTestRoutes(app, s);
  startPaymentsJobs(app, s);
}
