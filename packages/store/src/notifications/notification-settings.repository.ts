import type { Kysely } from 'kysely';
import type { CustomerPaymentSettings } from '@meterflow/core/payments/customer-payment-settings';
import type { Locale } from '@meterflow/core/notifications/notification-channel';
import type { Database } from '../schema.ts';
import type { NotificationSettingsTable } from './notifications-schema.ts';

/** A prepaid account's settings with where to reach the customer. */
export interface AccountNotificationSettings {
  accountId: string;
  settings: CustomerPaymentSettings;
  locale: Locale;
  phone: string;
  email: string;
  updatedAt: string;
}

function fromRow(r: NotificationSettingsTable): AccountNotificationSettings {
  const quiet =
    r.quiet_start_minute === null || r.quiet_end_minute === null
      ? null
      : { startMinute: Number(r.quiet_start_minute), endMinute: Number(r.quiet_end_minute) };
  const auto =
    r.auto_top_up_fen === null
      ? null
      : {
          triggerFen: Number(r.auto_trigger_fen),
          topUpFen: Number(r.auto_top_up_fen),
          maxPerMonthFen: Number(r.auto_max_per_month_fen),
        };
  return {
    accountId: r.account_id,
    settings: {
      warningLine:
        r.warning_kind === 'days'
          ? { kind: 'days', days: Number(r.warning_days) }
          : { kind: 'amount', fen: Number(r.warning_fen) },
      reminderFrequency: r.reminder_frequency as CustomerPaymentSettings['reminderFrequency'],
      channels: JSON.parse(r.channels) as CustomerPaymentSettings['channels'],
      quietHours: quiet,
      autoPayment: auto,
    },
    locale: r.locale as Locale,
    phone: r.phone,
    email: r.email,
    updatedAt: r.updated_at,
  };
}

function toRow(s: AccountNotificationSettings): NotificationSettingsTable {
  const w = s.settings.warningLine;
  const a = s.settings.autoPayment;
  return {
    account_id: s.accountId,
    warning_kind: w.kind,
    warning_fen: w.kind === 'amount' ? w.fen : null,
    warning_days: w.kind === 'days' ? w.days : null,
    reminder_frequency: s.settings.reminderFrequency,
    channels: JSON.stringify(s.settings.channels),
    quiet_start_minute: s.settings.quietHours?.startMinute ?? null,
    quiet_end_minute: s.settings.quietHours?.endMinute ?? null,
    auto_trigger_fen: a?.triggerFen ?? null,
    auto_top_up_fen: a?.topUpFen ?? null,
    auto_max_per_month_fen: a?.maxPerMonthFen ?? null,
    locale: s.locale,
    phone: s.phone,
    email: s.email,
    updated_at: s.updatedAt,
  };
}

/** Reminder and smart-payment settings per prepaid account. */
export class NotificationSettingsRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async get(accountId: string): Promise<AccountNotificationSettings | undefined> {
    const r = await this.db
      .selectFrom('notification_settings')
      .selectAll()
      .where('account_id', '=', accountId)
      .executeTakeFirst();
    return r && fromRow(r);
  }

  async getMany(accountIds: readonly string[]): Promise<Map<string, AccountNotificationSettings>> {
    if (accountIds.length === 0) return new Map();
    const rows = await this.db
      .selectFrom('notification_settings')
      .selectAll()
      .where('account_id', 'in', [...new Set(accountIds)])
      .execute();
    return new Map(rows.map((r) => [r.account_id, fromRow(r)]));
  }

  /** Creates or replaces an account's settings. */
  async save(s: AccountNotificationSettings): Promise<void> {
    const row = toRow(s);
    const { account_id: _id, ...rest } = row;
    void _id;
    await this.db
      .insertInto('notification_settings')
      .values(row)
      .onConflict((oc) => oc.column('account_id').doUpdateSet(rest))
      .execute();
  }
}
