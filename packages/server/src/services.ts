import type { Clock } from '@meterflow/core';
import type { Store } from '@meterflow/store';
import type { Config } from './config.ts';
import { AccessPolicy } from './auth/access-policy.ts';
import { SessionService } from './auth/session.service.ts';
import { CustomerViews } from './customers/customer-views.ts';
import { buildMeteringServices, type MeteringServices } from './metering/metering-services.ts';
import { AlarmsService } from './alarms/alarms.service.ts';
import { buildBillingServices } from './billing/billing-services.ts';
import type { BillingService } from './billing/billing.service.ts';
import type { RebillService } from './billing/rebill.service.ts';
import { buildPaymentsServices, type PaymentsServices } from './payments/payments-services.ts';
import { buildMonitoringServices, type MonitoringServices } from './monitoring/monitoring-services.ts';
import { riskAlarmObserver } from './monitoring/risk-alarm-observer.ts';
import { buildNotifications, type NotificationsModule } from './notifications/notifications-module.ts';
import { buildPrepaid, type PrepaidModule } from './prepaid/prepaid-module.ts';

/** Everything a route needs, built once at start (the composition root's product). */
export interface Services {
  config: Config;
  clock: Clock;
  store: Store;
  access: AccessPolicy;
  sessions: SessionService;
  views: CustomerViews;
  metering: MeteringServices;
  alarms: AlarmsService;
  payments: PaymentsServices;
  monitoring: MonitoringServices;
  billing: BillingService;
  rebill: RebillService;
  notifications: NotificationsModule;
  prepaid: PrepaidModule;
}

export function buildServices(config: Config, store: Store, clock: Clock): Services {
  const alarms = new AlarmsService(store, new AccessPolicy(store), clock);
  const notifications = buildNotifications(config.notifications, store, clock, config.zone);
  alarms.notifyThrough(notifications.service);
  const metering = buildMeteringServices(store, new AccessPolicy(store), clock, config.zone);
  // The group table's current month comes from metering until its bill is released.
  const payments = buildPaymentsServices(config, store, clock, new AccessPolicy(store), async (ids, from, to) => {
    const usage = await metering.query.usageOf(ids, from, to, 'month');
    return new Map([...usage].map(([id, points]) => [id, sumUsage(points)]));
  });
  const prepaid = buildPrepaid(config.prepaid, store, clock, config.zone, notifications.service, (o) =>
    alarms.observe(o),
  );
  // A committed payment runs the prepaid restore check at once (the prepaid.sweep job stays the fallback).
  for (const hook of [payments.payments.posted, payments.bank.posted])
    hook.listen((accountIds) => prepaid.control.onPaymentPosted(accountIds));
  return {
    config,
    clock,
    store,
    access: new AccessPolicy(store),
    sessions: new SessionService(store, clock, config.sessionTtlMinutes),
    views: new CustomerViews(store),
    metering,
    alarms,
    payments,
    monitoring: buildMonitoringServices(store, clock, riskAlarmObserver(store)),
    // A prepaid account's bill replaces its daily estimates as it is released.
    ...buildBillingServices(store, new AccessPolicy(store), clock, (row) => prepaid.trueUps.ofReleasedBill(row)),
    notifications,
    prepaid,
  };
}

function sumUsage(points: readonly { wh: number; daysWithData: number; days: number }[]) {
  return points.reduce(
    (a, p) => ({ wh: a.wh + p.wh, daysWithData: a.daysWithData + p.daysWithData, days: a.days + p.days }),
    {
      wh: 0,
      daysWithData: 0,
      days: 0,
    },
  );
}
