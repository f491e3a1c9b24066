/**
 * Tables of the notifications context (migration 0008-notifications). Conventions as in ../schema.ts:
 * text ids, ISO-8601 UTC instants, YYYY-MM-DD dates, integers in the smallest unit.
 */

/** One message in the outbox (core `OutboxItem`): written with the change that caused it, sent later. */
export interface NotificationOutboxTable {
  id: string;
  dedup_key: string;
  person_id: string;
  channel: string;
  recipient: string;
  locale: string;
  template_id: string;
  /** JSON object of template parameters. */
  params: string;
  priority: string;
  created_at: string;
  status: string;
  attempts: number;
  not_before: string;
  sent_at: string | null;
  last_error: string | null;
  /** The provider's id of the accepted attempt, to match delivery receipts. */
  provider_message_id: string | null;
  /** Last delivery receipt status (`delivered`, `failed`), null until one arrives. */
  receipt_status: string | null;
}

/** One attempt to hand an outbox item to its channel (append-only). */
export interface NotificationDeliveryTable {
  outbox_id: string;
  attempt: number;
  at: string;
  ok: number;
  retryable: number;
  provider_message_id: string | null;
  error: string | null;
}

/** A delivery receipt reported by a provider after it accepted a message (append-only). */
export interface NotificationReceiptTable {
  channel: string;
  provider_message_id: string;
  status: string;
  at: string;
  detail: string;
  received_at: string;
}

/** The in-app inbox: what a signed-in user sees in the portal, live over Server-Sent Events. */
export interface NotificationInboxTable {
  id: string;
  user_id: string;
  outbox_id: string;
  subject: string;
  body: string;
  created_at: string;
  read_at: string | null;
}

/** A prepaid account's agreed reminder and smart-payment settings (core `CustomerPaymentSettings`). */
export interface NotificationSettingsTable {
  account_id: string;
  warning_kind: string;
  warning_fen: number | null;
  warning_days: number | null;
  reminder_frequency: string;
  /** JSON array of channel kinds. */
  channels: string;
  quiet_start_minute: number | null;
  quiet_end_minute: number | null;
  auto_trigger_fen: number | null;
  auto_top_up_fen: number | null;
  auto_max_per_month_fen: number | null;
  locale: string;
  phone: string;
  email: string;
  updated_at: string;
}

export interface NotificationsTables {
  notification_outbox: NotificationOutboxTable;
  notification_deliveries: NotificationDeliveryTable;
  notification_receipts: NotificationReceiptTable;
  notification_inbox: NotificationInboxTable;
  notification_settings: NotificationSettingsTable;
}
