import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SqlDialect } from '../sql-dialect.ts';
import { forbidUpdateAndDelete } from './0001-foundation.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

function serial(dialect: SqlDialect) {
  return dialect === 'postgres' ? ('bigserial' as const) : ('integer' as const);
}

async function alarmTables(db: Db, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('alarms')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('cause_key', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('subject_kind', 'text', (c) => c.notNull())
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('branch_id', 'text')
    .addColumn('labels', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('severity_rank', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('first_raised_at', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('last_seen_at', 'text', (c) => c.notNull())
    .addColumn('count', 'integer', (c) => c.notNull())
    .addColumn('value', 'text', (c) => c.notNull())
    .addColumn('diagnosis_category', 'text', (c) => c.notNull())
    .addColumn('diagnosis_zh', 'text', (c) => c.notNull())
    .addColumn('diagnosis_en', 'text', (c) => c.notNull())
    .addColumn('reopened_at', 'text', (c) => c.notNull())
    .addColumn('flapping', 'integer', (c) => c.notNull())
    .addColumn('clear_since', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolution', 'text')
    .addColumn('acknowledged_at', 'text')
    .addColumn('acknowledged_by', 'text')
    .addColumn('resolved_by', 'text')
    .addColumn('root_cause', 'text')
    .addColumn('resolution_note', 'text')
    .execute();
  // One open alarm per cause, enforced by the database itself.
  await db.schema
    .createIndex('alarms_open_cause')
    .on('alarms')
    .column('cause_key')
    .unique()
    .where(sql.ref('status'), '=', 'open')
    .execute();
  await db.schema.createIndex('alarms_status_seen').on('alarms').columns(['status', 'last_seen_at']).execute();
  await db.schema.createIndex('alarms_resolved').on('alarms').column('resolved_at').execute();
  await db.schema.createIndex('alarms_branch').on('alarms').columns(['branch_id', 'status']).execute();
  await db.schema.createIndex('alarms_first_raised').on('alarms').column('first_raised_at').execute();

  await db.schema
    .createTable('alarm_events')
    .addColumn('id', serial(dialect), (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('alarm_id', 'text', (c) => c.notNull().references('alarms.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('alarm_events_alarm').on('alarm_events').column('alarm_id').execute();
  await forbidUpdateAndDelete(db, dialect, 'alarm_events');
}

async function workOrderTables(db: Db, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('work_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('alarm_id', 'text', (c) => c.notNull().references('alarms.id'))
    .addColumn('cause_key', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('branch_id', 'text')
    .addColumn('skill', 'text', (c) => c.notNull())
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('assignee_id', 'text')
    .addColumn('escalation_level', 'integer', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('awaiting_since', 'text', (c) => c.notNull())
    .addColumn('acknowledged_at', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('closed_at', 'text')
    .addColumn('root_cause', 'text')
    .addColumn('resolution_notes', 'text')
    .addColumn('reopen_count', 'integer', (c) => c.notNull())
    .addColumn('alarm_cleared_at', 'text')
    .execute();
  await db.schema.createIndex('work_orders_alarm').on('work_orders').column('alarm_id').execute();
  await db.schema.createIndex('work_orders_state').on('work_orders').columns(['state', 'opened_at']).execute();

  await db.schema
    .createTable('work_order_events')
    .addColumn('id', serial(dialect), (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('work_order_id', 'text', (c) => c.notNull().references('work_orders.id'))
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('action', 'text', (c) => c.notNull())
    .addColumn('by', 'text', (c) => c.notNull())
    .addColumn('note', 'text')
    .execute();
  await db.schema.createIndex('work_order_events_order').on('work_order_events').column('work_order_id').execute();
  await forbidUpdateAndDelete(db, dialect, 'work_order_events');
}

async function cycleTables(db: Db): Promise<void> {
  await db.schema
    .createTable('cycle_runs')
    .addColumn('reading_book_id', 'text', (c) => c.notNull())
    .addColumn('cycle', 'text', (c) => c.notNull())
    .addColumn('branch_id', 'text', (c) => c.notNull())
    .addColumn('customer_class', 'text', (c) => c.notNull())
    .addColumn('opened_at', 'text', (c) => c.notNull())
    .addColumn('closed_at', 'text')
    .addPrimaryKeyConstraint('cycle_runs_pk', ['reading_book_id', 'cycle'])
    .execute();
  await db.schema.createIndex('cycle_runs_open').on('cycle_runs').column('closed_at').execute();
  await db.schema
    .createTable('cycle_stages')
    .addColumn('reading_book_id', 'text', (c) => c.notNull())
    .addColumn('cycle', 'text', (c) => c.notNull())
    .addColumn('stage', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('ended_at', 'text')
    .addColumn('actor', 'text', (c) => c.notNull())
    .addColumn('outcome', 'text')
    .addColumn('note', 'text')
    .addPrimaryKeyConstraint('cycle_stages_pk', ['reading_book_id', 'cycle', 'stage'])
    .execute();
}

async function observationTables(db: Db, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('alarm_meter_status')
    .addColumn('meter_id', 'text', (c) => c.primaryKey())
    .addColumn('concentrator_id', 'text')
    .addColumn('reading_book_id', 'text')
    .addColumn('branch_id', 'text')
    .addColumn('last_poll_at', 'text')
    .addColumn('last_seen_at', 'text')
    .addColumn('silent_polls', 'integer', (c) => c.notNull())
    .addColumn('clock_drift_s', 'integer')
    .addColumn('event_flags', 'integer', (c) => c.notNull())
    .execute();
  // The sweep reads the fleet grouped by where meters hang; this index spares it a sort.
  await db.schema
    .createIndex('alarm_meter_status_layout')
    .on('alarm_meter_status')
    .columns(['concentrator_id', 'reading_book_id', 'branch_id', 'meter_id'])
    .execute();
  await db.schema
    .createTable('alarm_concentrator_status')
    .addColumn('concentrator_id', 'text', (c) => c.primaryKey())
    .addColumn('branch_id', 'text')
    .addColumn('heartbeat', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('alarm_observations')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('payload', 'text', (c) => c.notNull())
    .addColumn('cleared', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('alarm_observations_pk', ['kind', 'key'])
    .execute();
  await db.schema
    .createTable('alarm_notification_outbox')
    .addColumn('id', serial(dialect), (c) => (dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('dedupe_key', 'text', (c) => c.notNull().unique())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('recipient_staff_id', 'text', (c) => c.notNull())
    .addColumn('channels', 'text', (c) => c.notNull())
    .addColumn('template', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('work_order_id', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('claimed_at', 'text')
    .addColumn('delivered_at', 'text')
    .execute();
  await db.schema
    .createIndex('alarm_outbox_pending')
    .on('alarm_notification_outbox')
    .columns(['delivered_at', 'id'])
    .execute();
}

/** Alarms and their history, work orders, billing-cycle stage records, sweep inputs, notification outbox. */
export async function up(db: Db, dialect: SqlDialect): Promise<void> {
  await alarmTables(db, dialect);
  await workOrderTables(db, dialect);
  await cycleTables(db);
  await observationTables(db, dialect);
}
