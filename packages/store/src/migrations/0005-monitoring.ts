import type { Kysely } from 'kysely';
import type { SqlDialect } from '../sql-dialect.ts';
import { forbidUpdateAndDelete } from './0001-foundation.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** Power-quality records, events and summaries; weather, policy notices, production; risk assessments. */
export async function up(db: Db, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('monitoring_profiles')
    .addColumn('account_id', 'text', (c) => c.primaryKey().references('accounts.id'))
    .addColumn('category_id', 'text', (c) => c.notNull())
    .addColumn('limit_set_id', 'text')
    .addColumn('industry', 'text')
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await pqTables(db, dialect);
  await externalTables(db);
  await db.schema
    .createTable('risk_assessments')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('as_of', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('assessed_at', 'text', (c) => c.notNull())
    .addColumn('score', 'integer', (c) => c.notNull())
    .addColumn('level', 'text', (c) => c.notNull())
    .addColumn('alarm', 'integer', (c) => c.notNull())
    .addColumn('findings', 'text', (c) => c.notNull())
    .addColumn('reasons', 'text', (c) => c.notNull())
    .addColumn('advice', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('risk_assessments_pk', ['account_id', 'as_of'])
    .execute();
  await db.schema.createIndex('risk_assessments_day').on('risk_assessments').columns(['as_of', 'score']).execute();
}

async function pqTables(db: Db, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('pq_records')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.references('accounts.id'))
    .addColumn('meter_id', 'text')
    .addColumn('org_id', 'text')
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('format', 'text', (c) => c.notNull())
    .addColumn('size_bytes', 'integer', (c) => c.notNull())
    .addColumn('sample_rate_hz', 'integer', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('channels', 'integer', (c) => c.notNull())
    .addColumn('recorded_at', 'text')
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text')
    .addColumn('limit_set_id', 'text', (c) => c.notNull())
    .addColumn('compliant', 'integer')
    .addColumn('metrics', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pq_records_account').on('pq_records').columns(['account_id', 'uploaded_at']).execute();
  await db.schema
    .createTable('pq_events')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('record_id', 'text', (c) => c.references('pq_records.id'))
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('start_at', 'text', (c) => c.notNull())
    .addColumn('duration_ms', 'integer', (c) => c.notNull())
    .addColumn('extreme_bp', 'integer', (c) => c.notNull())
    .addColumn('phases', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('pq_events_start').on('pq_events').columns(['start_at']).execute();
  await db.schema.createIndex('pq_events_account').on('pq_events').columns(['account_id', 'start_at']).execute();
  await forbidUpdateAndDelete(db, dialect, 'pq_events');
  const summary = db.schema
    .createTable('pq_summaries')
    .addColumn('subject_id', 'text', (c) => c.notNull())
    .addColumn('account_id', 'text')
    .addColumn('interval_start', 'text', (c) => c.notNull());
  const cols = ['voltage_a_mv', 'voltage_b_mv', 'voltage_c_mv', 'current_a_ma', 'current_b_ma', 'current_c_ma'];
  const more = ['neutral_ma', 'thd_bp', 'unbalance_bp', 'frequency_mhz', 'power_factor_milli'];
  let t = summary;
  for (const c of [...cols, ...more]) t = t.addColumn(c, 'integer');
  await t
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('pq_summaries_pk', ['subject_id', 'interval_start'])
    .execute();
  await db.schema
    .createIndex('pq_summaries_account')
    .on('pq_summaries')
    .columns(['account_id', 'interval_start'])
    .execute();
}

async function externalTables(db: Db): Promise<void> {
  await db.schema
    .createTable('weather')
    .addColumn('area_id', 'text', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('hour', 'integer', (c) => c.notNull())
    .addColumn('temperature_dc', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('weather_pk', ['area_id', 'date', 'hour'])
    .execute();
  await db.schema
    .createTable('policy_notices')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('industry', 'text', (c) => c.notNull())
    .addColumn('tag', 'text', (c) => c.notNull())
    .addColumn('risk_delta', 'integer', (c) => c.notNull())
    .addColumn('valid_from', 'text', (c) => c.notNull())
    .addColumn('valid_to', 'text')
    .addColumn('title_zh', 'text', (c) => c.notNull())
    .addColumn('title_en', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('production_days')
    .addColumn('account_id', 'text', (c) => c.notNull().references('accounts.id'))
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('output_milli', 'integer', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('production_days_pk', ['account_id', 'date'])
    .execute();
}
