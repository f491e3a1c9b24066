import type { Clock } from '@meterflow/core';
import type { TieredTariff } from '@meterflow/core/payments/tiered-daily-pricer';
import type { TariffDocument } from '@meterflow/core/billing/tariff-document';
import type { Store } from '@meterflow/store';
import type { AlarmObservationInput } from '../alarms/alarm-observe.ts';
import { readCatalogue } from '../billing/tariff-catalogue.ts';
import type { NotificationService } from '../notifications/notification.service.ts';
import { CommandRunner } from './command-runner.ts';
import type { PrepaidConfig } from './prepaid-config.ts';
import { PrepaidControlService } from './prepaid-control.service.ts';
import { GatewayRelayPort, type RelayPort } from './relay-port.ts';
import { SettlementService } from './settlement.service.ts';
import { dailyTariffOf, type DailyTariff } from './tariff-daily-pricing.ts';
import { TrueUpService } from './true-up.service.ts';

/** Prepaid cost control as the server holds it. */
export interface PrepaidModule {
  config: PrepaidConfig;
  settlement: SettlementService;
  control: PrepaidControlService;
  commands: CommandRunner;
  trueUps: TrueUpService;
  /** The daily tariff of an account's tariff code on a day (for advice), if it is priced daily. */
  dailyTariff(code: string, day: string): DailyTariff | null;
  close(): void;
}

/** Billing's tariff catalogue as daily tariffs, by account tariff code. */
export function catalogueDailyTariffs(docs: readonly { code: string; document: TariffDocument }[]) {
  return (day: string): Map<string, TieredTariff> => {
    const out = new Map<string, TieredTariff>();
    for (const d of docs) {
      const t = dailyTariffOf(d.code, d.document, day);
      if (t) out.set(d.code, t.tariff);
    }
    return out;
  };
}

export function buildPrepaid(
  config: PrepaidConfig,
  store: Store,
  clock: Clock,
  zone: string,
  notifications: NotificationService,
  observe: (o: AlarmObservationInput) => Promise<void>,
): PrepaidModule {
  const docs = readCatalogue().map((e) => ({ code: e.code, document: e.document as TariffDocument }));
  let relay: RelayPort | null = null;
  const relayOf = () => (relay ??= config.gateway ? new GatewayRelayPort(config.gateway, clock) : null);
  const branchOf = async (accountId: string) => (await store.accounts.get(accountId))?.orgId ?? '';
  const commands = new CommandRunner(store, clock, relayOf, config.commands, observe, branchOf);
  const control = new PrepaidControlService(store, clock, notifications, commands, config, zone);
  return {
    config,
    settlement: new SettlementService(store, clock, catalogueDailyTariffs(docs), zone),
    control,
    commands,
    trueUps: new TrueUpService(store, clock, zone, control),
    dailyTariff: (code, day) => {
      const d = docs.find((x) => x.code === code);
      return d ? dailyTariffOf(code, d.document, day) : null;
    },
    close: () => relay?.close(),
  };
}
