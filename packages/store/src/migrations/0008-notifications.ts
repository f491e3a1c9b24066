import type { Kysely } from 'kysely';
import type { SqlDialect } from '../sql-dialect.ts';
import { forbidUpdateAndDelete } from './0001-foundation.ts';

/**
 * Notifications (outbox, deliveries, receipts, in-app inbox, customer settings) and prepaid cost
 * control (state per account, settlement runs, remote commands and their events).
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await createNotificationTables(db);
  await createPrepaidTables(db);
  for (const t of ['notification_deliveries', 'notification_receipts', 'prepaid_command_events'])
    await forbidUpdateAndDelete(db, dialect, t);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function createNotificationTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('notification_outbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('dedup_key', 'text', (c) => c.notNull())
    .addColumn('person_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('recipient', 'text', (c) => c.notNull())
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('template_id', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('priority', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('not_before', 'text', (c) => c.notNull())
    .addColumn('sent_at', 'text')
    .addColumn('last_error', 'text')
    .addColumn('provider_message_id', 'text')
    .addColumn('receipt_status', 'text')
    .execute();
  await db.schema
    .createIndex('notification_outbox_due')
    .on('notification_outbox')
    .columns(['status', 'not_before'])
    .execute();
  await db.schema
    .createIndex('notification_outbox_dedup')
    .on('notification_outbox')
    .columns(['dedup_key', 'created_at'])
    .execute();
  await db.schema
    .createIndex('notification_outbox_person')
    .on('notification_outbox')
    .columns(['person_id', 'sent_at'])
    .execute();
  await db.schema
    .createIndex('notification_outbox_provider')
    .on('notification_outbox')
    .columns(['channel', 'provider_message_id'])
    .execute();
  await db.schema
    .createTable('notification_deliveries')
    .addColumn('outbox_id', 'text', (c) => c.notNull())
    .addColumn('attempt', 'integer', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('ok', 'integer', (c) => c.notNull())
    .addColumn('retryable', 'integer', (c) => c.notNull())
    .addColumn('provider_message_id', 'text')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('notification_deliveries_pk', ['outbox_id', 'attempt'])
    .execute();
  await db.schema
    .createTable('notification_receipts')
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('provider_message_id', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('notification_receipts_pk', ['channel', 'provider_message_id', 'status'])
    .execute();
  await db.schema
    .createTable('notification_inbox')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('user_id', 'text', (c) => c.notNull())
    .addColumn('outbox_id', 'text', (c) => c.notNull().unique())
    .addColumn('subject', 'text', (c) => c.notNull())
    .addColumn('body', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text')
    .execute();
  await db.schema
    .createIndex('notification_inbox_user')
    .on('notification_inbox')
    .columns(['user_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('notification_settings')
    .addColumn('account_id', 'text', (c) => c.primaryKey())
    .addColumn('warning_kind', 'text', (c) => c.notNull())
    .addColumn('warning_fen', 'bigint')
    .addColumn('warning_days', 'integer')
    .addColumn('reminder_frequency', 'text', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('quiet_start_minute', 'integer')
    .addColumn('quiet_end_minute', 'integer')
    .addColumn('auto_trigger_fen', 'bigint')
    .addColumn('auto_top_up_fen', 'bigint')
    .addColumn('auto_max_per_month_fen', 'bigint')
    .addColumn('locale', 'text', (c) => c.notNull())
    .addColumn('phone', 'text', (c) => c.notNull())
    .addColumn('email', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function createPrepaidTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('prepaid_accounts')
    // row_no is the SQLite rowid, so the settlement run's bulk update finds a row without an index.
    .addColumn('row_no', 'integer', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull().unique())
    .addColumn('meter_id', 'text', (c) => c.notNull())
    .addColumn('meter_address', 'text', (c) => c.notNull())
    .addColumn('tariff_code', 'text', (c) => c.notNull())
    .addColumn('multiplier', 'integer', (c) => c.notNull())
    .addColumn('periods', 'integer', (c) => c.notNull())
    .addColumn('warning_fen', 'bigint', (c) => c.notNull())
    .addColumn('stop_fen', 'bigint', (c) => c.notNull())
    .addColumn('restore_fen', 'bigint', (c) => c.notNull())
    .addColumn('stop_imminent_days', 'integer', (c) => c.notNull())
    .addColumn('credit_allowance_fen', 'bigint', (c) => c.notNull())
    .addColumn('supply', 'text', (c) => c.notNull())
    .addColumn('warned', 'text', (c) => c.notNull())
    .addColumn('last_reminder_at', 'text')
    .addColumn('available_fen', 'bigint', (c) => c.notNull())
    .addColumn('balance_seq', 'bigint', (c) => c.notNull())
    .addColumn('cycle_month', 'text', (c) => c.notNull())
    .addColumn('cycle_wh', 'bigint', (c) => c.notNull())
    .addColumn('last_settled_date', 'text')
    .addColumn('last_charge_fen', 'bigint', (c) => c.notNull())
    .addColumn('trip_deferred_until', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('prepaid_accounts_supply').on('prepaid_accounts').column('supply').execute();
  await db.schema
    .createTable('prepaid_settlement_runs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('day', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('accounts', 'integer', (c) => c.notNull())
    .addColumn('settled', 'integer', (c) => c.notNull())
    .addColumn('invalid', 'integer', (c) => c.notNull())
    .addColumn('charged_fen', 'bigint', (c) => c.notNull())
    .addColumn('at_warning', 'integer', (c) => c.notNull())
    .addColumn('at_stop', 'integer', (c) => c.notNull())
    .addColumn('ledger_seq', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('prepaid_commands')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('meter_id', 'text', (c) => c.notNull())
    .addColumn('meter_address', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('last_sent_at', 'text')
    .addColumn('next_retry_at', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('prepaid_commands_status')
    .on('prepaid_commands')
    .columns(['status', 'updated_at'])
    .execute();
  await db.schema
    .createIndex('prepaid_commands_account')
    .on('prepaid_commands')
    .columns(['account_id', 'created_at'])
    .execute();
  await db.schema
    .createTable('prepaid_command_events')
    .addColumn('command_id', 'text', (c) => c.notNull())
    .addColumn('seq', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('prepaid_command_events_pk', ['command_id', 'seq'])
    .execute();
}
