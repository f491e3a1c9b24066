import { addDays, formatYuan, localDate, type Clock, type Fen } from '@meterflow/core';
import { forecastDaysLeft, type DayType, type DaysLeftForecast } from '@meterflow/core/payments/balance-forecast';
import { DEFAULT_PREPAID_LINES, availableBalance } from '@meterflow/core/payments/prepaid-lines';
import {
  decidePrepaidControl,
  onControlCommandOutcome,
  type ControlAction,
  type PrepaidControlState,
  type ReminderKind,
} from '@meterflow/core/payments/prepaid-control';
import { effectiveWarningFen, type CustomerPaymentSettings } from '@meterflow/core/payments/customer-payment-settings';
import { FORECAST_WINDOW_DAYS } from '@meterflow/core/payments/balance-forecast';
import type { RemoteCommand } from '@meterflow/core/payments/remote-command';
import type { AccountNotificationSettings, PrepaidAccount, Store } from '@meterflow/store';
import type { NotificationService } from '../notifications/notification.service.ts';
import type { CommandRunner } from './command-runner.ts';
import type { PrepaidConfig } from './prepaid-config.ts';

/** Most accounts one sweep looks at. */
export const CONTROL_SWEEP_MAX = 1000;

/** Settings used until the customer agrees their own: the account's warning line, on crossing, app and SMS. */
export function defaultSettings(acc: PrepaidAccount): CustomerPaymentSettings {
  return {
    warningLine: { kind: 'amount', fen: acc.lines.warningFen },
    reminderFrequency: 'on_threshold',
    channels: ['in_app', 'sms'],
    quietHours: null,
    autoPayment: null,
  };
}

/** What the portal shows for a prepaid account. */
export interface PrepaidPosition {
  account: PrepaidAccount;
  availableFen: number;
  warningFen: number;
  forecast: DaysLeftForecast | null;
  settings: AccountNotificationSettings;
}

/**
 * Cost control (费控) for one account at a time: derive the available balance from the ledger,
 * forecast the days left, let core decide (remind, trip outside no-cut windows, close after a
 * payment), then carry the decision out: reminders to the outbox, commands to the runner.
 */
export class PrepaidControlService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly notifications: NotificationService,
    private readonly commands: CommandRunner,
    private readonly config: PrepaidConfig,
    private readonly zone: string,
  ) {
    commands.setOutcomeListener((cmd, outcome) => this.onCommandOutcome(cmd, outcome));
  }

  /** The account's position now: balance from the ledger, effective warning line, forecast, settings. */
  async position(accountId: string): Promise<PrepaidPosition | null> {
    const acc = await this.store.prepaid.accounts.get(accountId);
    if (!acc) return null;
    const pos = await this.store.prepaid.accounts.ledgerPosition(accountId);
    const availableFen = availableBalance({
      walletFen: pos.walletFen,
      openReceivableFen: pos.openReceivableFen,
      pendingDeductionsFen: 0,
      creditAllowanceFen: acc.creditAllowanceFen,
    });
    await this.store.prepaid.accounts.setBalance(accountId, availableFen, pos.seq, this.clock.now());
    const history = await this.store.prepaid.accounts.deductionHistory(accountId, FORECAST_WINDOW_DAYS);
    const from = history.length ? addDays(history[history.length - 1].date, 1) : localDate(this.clock.now(), this.zone);
    const forecast = forecastDaysLeft({
      availableFen,
      stopFen: acc.lines.stopFen,
      history: history.map((h) => ({ ...h, dayType: this.dayType(h.date) })),
      from,
      dayTypeOf: (d) => this.dayType(d),
    });
    const stored = await this.store.notifications.settings.get(accountId);
    const settings = stored ?? (await this.defaultAccountSettings(acc));
    const daily = forecast ? forecast.dailyCostFen.workday : 0;
    const warningFen = effectiveWarningFen(settings.settings, daily, acc.lines.stopFen);
    return { account: { ...acc, availableFen }, availableFen, warningFen, forecast, settings };
  }

  private dayType(date: string): DayType {
    if (this.config.noCut.holidays.includes(date)) return 'holiday';
    const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
    return wd === 0 || wd === 6 ? 'weekend' : 'workday';
  }

  private async defaultAccountSettings(acc: PrepaidAccount): Promise<AccountNotificationSettings> {
    const a = await this.store.accounts.get(acc.accountId);
    const c = a ? await this.store.customers.get(a.customerId) : undefined;
    return {
      accountId: acc.accountId,
      settings: defaultSettings(acc),
      locale: 'zh-CN',
      phone: c?.phone ?? '',
      email: '',
      updatedAt: this.clock.now().toISOString(),
    };
  }

  /** Evaluates the accounts now (after a settlement run, a payment, or on the sweep). */
  async evaluate(accountIds: readonly string[]): Promise<{ reminders: number; commands: number }> {
    const out = { reminders: 0, commands: 0 };
    for (const id of accountIds) {
      const pos = await this.position(id);
      if (!pos) continue;
      const decision = decidePrepaidControl({
        state: pos.account.control,
        availableFen: pos.availableFen,
        lines: { ...pos.account.lines, warningFen: Math.max(pos.warningFen, pos.account.lines.stopFen) },
        warningFen: pos.warningFen,
        daysLeft: pos.forecast?.daysLeft ?? null,
        frequency: pos.settings.settings.reminderFrequency,
        noCut: this.config.noCut,
        now: this.clock.now(),
      });
      const r = await this.carryOut(pos, decision.state, decision.actions);
      out.reminders += r.reminders;
      out.commands += r.commands;
    }
    return out;
  }

  /** The hook for payments: a posted payment may lift a tripped account above its restore line. */
  async onPaymentPosted(accountIds: readonly string[]): Promise<void> {
    // Only an account that was warned or is not plainly supplied can change state on a payment;
    // skipping the rest keeps the payment path cheap (most payments are on healthy accounts).
    const affected = [];
    for (const id of accountIds) {
      const acc = await this.store.prepaid.accounts.get(id);
      if (acc && (acc.control.supply !== 'on' || acc.control.warned !== 'none')) affected.push(id);
    }
    if (affected.length) await this.evaluate(affected);
  }

  /** Restore check for every account without supply, and deferred trips whose window has ended. */
  async sweep(): Promise<{ reminders: number; commands: number }> {
    const p = this.store.prepaid.accounts;
    const off = await p.withSupply(['off'], CONTROL_SWEEP_MAX);
    const deferred = await p.deferredDue(this.clock.now(), CONTROL_SWEEP_MAX);
    return this.evaluate([...new Set([...off, ...deferred].map((a) => a.accountId))]);
  }

  private async carryOut(pos: PrepaidPosition, state: PrepaidControlState, actions: readonly ControlAction[]) {
    const acc = pos.account;
    let deferredUntil: string | null = null;
    const out = { reminders: 0, commands: 0 };
    for (const a of actions) {
      if (a.type === 'trip_deferred') deferredUntil = a.until;
      if (a.type === 'issue_command') {
        await this.commands.issue(acc, a.command);
        out.commands++;
      }
    }
    await this.store.prepaid.accounts.saveControl(acc.accountId, state, deferredUntil, this.clock.now());
    for (const a of actions) {
      if (a.type === 'remind') out.reminders += await this.remind(pos, a.reminder, deferredUntil, null);
    }
    return out;
  }

  private async onCommandOutcome(cmd: RemoteCommand, outcome: 'confirmed' | 'alarm'): Promise<void> {
    const pos = await this.position(cmd.accountId);
    if (!pos) return;
    const d = onControlCommandOutcome(pos.account.control, cmd.action, outcome);
    await this.store.prepaid.accounts.saveControl(cmd.accountId, d.state, null, this.clock.now());
    for (const a of d.actions) if (a.type === 'remind') await this.remind(pos, a.reminder, null, cmd.id);
    // A close that follows a confirmed trip: the customer may have paid while the trip was in flight.
    if (outcome === 'confirmed' && cmd.action === 'trip') await this.evaluate([cmd.accountId]);
  }

  /** Queues one reminder on each agreed channel; returns how many went into the outbox. */
  private async remind(
    pos: PrepaidPosition,
    kind: ReminderKind,
    stopAt: string | null,
    commandId: string | null,
  ): Promise<number> {
    const acc = pos.account;
    const account = await this.store.accounts.get(acc.accountId);
    if (!account) return 0;
    const s = pos.settings;
    const now = this.clock.now();
    const yuan = (f: number) => formatYuan(f as Fen);
    const params: Record<ReminderKind, Record<string, string | number>> = {
      balance_warning: {
        accountId: account.accountNo,
        balanceYuan: yuan(pos.availableFen),
        warningYuan: yuan(pos.warningFen),
        daysLeft: pos.forecast?.daysLeft ?? '—',
      },
      stop_imminent: {
        accountId: account.accountNo,
        balanceYuan: yuan(pos.availableFen),
        stopAt: stopAt ? localDate(new Date(stopAt), this.zone) : localDate(now, this.zone),
      },
      tripped: {
        accountId: account.accountNo,
        at: localDate(now, this.zone),
        balanceYuan: yuan(pos.availableFen),
        restoreYuan: yuan(acc.lines.restoreFen),
      },
      restored: { accountId: account.accountNo, at: localDate(now, this.zone), balanceYuan: yuan(pos.availableFen) },
    };
    const users = s.settings.channels.includes('in_app')
      ? await this.store.users.listByCustomer(account.customerId)
      : [];
    let queued = 0;
    for (const channel of s.settings.channels) {
      const recipients = channel === 'in_app' ? users.map((u) => u.id) : [channel === 'email' ? s.email : s.phone];
      for (const recipient of recipients) {
        const key = `${kind}:${acc.accountId}:${commandId ?? localDate(now, this.zone)}:${channel}:${recipient}`;
        const r = await this.notifications.notify({
          dedupKey: key,
          personId: account.customerId,
          channel,
          recipient,
          locale: s.locale,
          templateId: kind,
          params: params[kind],
          priority: kind === 'tripped' || kind === 'restored' ? 'urgent' : 'normal',
        });
        if (!r.duplicate) queued++;
      }
    }
    return queued;
  }
}

export { DEFAULT_PREPAID_LINES };
