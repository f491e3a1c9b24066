import type { FastifyInstance } from 'fastify';
import type { TSchema } from 'typebox';
import type { Services } from '../services.ts';
import { accountRoutes } from './account.routes.ts';
import { authRoutes, authSchemas } from './auth.routes.ts';
import { customerRoutes } from './customer.routes.ts';
import { orgRoutes } from './org.routes.ts';
import { customerSchemas } from '../schemas/customer.schemas.ts';
import { meteringRoutes } from '../metering/metering.routes.ts';
import { meteringSchemas } from '../metering/metering.schemas.ts';
import { alarmRoutes } from '../alarms/alarm.routes.ts';
import { alarmSchemas } from '../alarms/alarm.schemas.ts';
import { billingRoutes } from '../billing/billing.routes.ts';
import { billingSchemas } from '../billing/billing.schemas.ts';
import { paymentsRouteModule } from '../payments/payments-route-modules.ts';
import { monitoringRoutes } from '../monitoring/monitoring.routes.ts';
import { notificationRoutes } from '../notifications/notification.routes.ts';
import { prepaidRoutes } from '../prepaid/prepaid.routes.ts';

/** A context's HTTP routes: registered in order by the app. */
export type RouteModule = (app: FastifyInstance, services: Services) => void;

/** Every context's route module; add one line per context. */
export const ROUTE_MODULES: RouteModule[] = [
  authRoutes,
  accountRoutes,
  customerRoutes,
  orgRoutes,
  paymentsRouteModule,
  alarmRoutes,
  meteringRoutes,
  monitoringRoutes,
  billingRoutes,
  notificationRoutes,
  prepaidRoutes,
];

/** Shared schemas with an `$id`, referenced from routes with `Type.Ref(id)`; add one line per context. */
export const SHARED_SCHEMAS: TSchema[] = [
  ...authSchemas,
  ...customerSchemas,
  ...alarmSchemas,
  ...meteringSchemas,
  ...billingSchemas,
];
