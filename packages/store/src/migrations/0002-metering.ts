import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SqlDialect } from '../sql-dialect.ts';
import { forbidUpdateAndDelete } from './0001-foundation.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** Interval blocks, edits, register and freeze reads, meter events, the VEE queue, ingest batches. */
export async function up(db: Db, dialect: SqlDialect): Promise<void> {
  await blockTables(db, dialect);
  await readTables(db, dialect);
  await queueTables(db, dialect);
}

async function blockTables(db: Db, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('interval_blocks')
    .addColumn('meter_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('slot_minutes', 'integer', (c) => c.notNull())
    .addColumn('slot_count', 'integer', (c) => c.notNull())
    .addColumn('body', dialect === 'postgres' ? 'bytea' : 'blob', (c) => c.notNull())
    .addColumn('sum_value', 'bigint', (c) => c.notNull())
    .addColumn('missing_slots', 'integer', (c) => c.notNull())
    .addColumn('worst_quality', 'integer', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('based_on', 'integer')
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('vee_pending', 'integer', (c) => c.notNull())
    .addPrimaryKeyConstraint('interval_blocks_pk', ['meter_id', 'channel', 'date', 'version'])
    .execute();
  await sql`CREATE INDEX interval_blocks_pending ON interval_blocks (date, meter_id) WHERE vee_pending > 0`.execute(db);
  await sql`CREATE INDEX interval_blocks_date ON interval_blocks (date, channel)`.execute(db);
  await versionsAreFixed(db, dialect);

  await db.schema
    .createTable('interval_edits')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('meter_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('slot', 'integer', (c) => c.notNull())
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('old_value', 'bigint', (c) => c.notNull())
    .addColumn('old_quality', 'integer', (c) => c.notNull())
    .addColumn('new_value', 'bigint', (c) => c.notNull())
    .addColumn('clerk_id', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('interval_edits_block')
    .on('interval_edits')
    .columns(['meter_id', 'channel', 'date'])
    .execute();
  await forbidUpdateAndDelete(db, dialect, 'interval_edits');
}

/** Versions after the first are history: refuse to rewrite or remove them. */
async function versionsAreFixed(db: Db, dialect: SqlDialect): Promise<void> {
  if (dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER interval_blocks_no_${op.toLowerCase()} BEFORE ${op} ON interval_blocks WHEN OLD.version > 1 BEGIN SELECT RAISE(ABORT, 'interval block versions after the first are append-only'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql`CREATE TRIGGER interval_blocks_versions_fixed BEFORE UPDATE OR DELETE ON interval_blocks FOR EACH ROW WHEN (OLD.version > 1) EXECUTE FUNCTION mf_append_only()`.execute(
    db,
  );
}

async function readTables(db: Db, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('register_reads')
    .addColumn('meter_id', 'text', (c) => c.notNull())
    .addColumn('register', 'text', (c) => c.notNull())
    .addColumn('tariff', 'integer', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addColumn('value_wh', 'bigint', (c) => c.notNull())
    .addColumn('quality', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('register_reads_pk', ['meter_id', 'register', 'tariff', 'read_at'])
    .execute();
  await db.schema
    .createTable('daily_freezes')
    .addColumn('meter_id', 'text', (c) => c.notNull())
    .addColumn('register', 'text', (c) => c.notNull())
    .addColumn('tariff', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('value_wh', 'bigint', (c) => c.notNull())
    .addColumn('quality', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('daily_freezes_pk', ['meter_id', 'register', 'tariff', 'date'])
    .execute();
  await db.schema
    .createTable('meter_events')
    .addColumn('meter_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('at', 'text', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meter_events_pk', ['meter_id', 'at', 'kind', 'source'])
    .execute();
  await db.schema.createIndex('meter_events_at').on('meter_events').column('at').execute();
  await forbidUpdateAndDelete(db, dialect, 'meter_events');
}

async function queueTables(db: Db, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('vee_exceptions')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('meter_id', 'text', (c) => c.notNull())
    .addColumn('channel', 'integer', (c) => c.notNull())
    .addColumn('date', 'text', (c) => c.notNull())
    .addColumn('rule_id', 'text', (c) => c.notNull())
    .addColumn('severity', 'text', (c) => c.notNull())
    .addColumn('detail', 'text', (c) => c.notNull())
    .addColumn('slots', 'text', (c) => c.notNull())
    .addColumn('repair', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('org_id', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .addColumn('resolved_by', 'text')
    .addColumn('resolved_at', 'text')
    .addColumn('resolution_note', 'text')
    .addUniqueConstraint('vee_exceptions_cause', ['meter_id', 'channel', 'date', 'rule_id'])
    .execute();
  await db.schema.createIndex('vee_exceptions_status').on('vee_exceptions').columns(['status', 'date']).execute();

  await db.schema
    .createTable('ingest_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('name', 'text', (c) => c.notNull())
    .addColumn('received_at', 'text', (c) => c.notNull())
    .addColumn('received_by', 'text')
    .addColumn('rows_read', 'integer', (c) => c.notNull())
    .addColumn('rows_accepted', 'integer', (c) => c.notNull())
    .addColumn('rows_rejected', 'integer', (c) => c.notNull())
    .addColumn('reads_stored', 'bigint', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('ingest_rejects')
    .addColumn('id', dialect === 'postgres' ? 'bigserial' : 'integer', (c) =>
      dialect === 'postgres' ? c.primaryKey() : c.primaryKey().autoIncrement(),
    )
    .addColumn('batch_id', 'text', (c) => c.notNull().references('ingest_batches.id'))
    .addColumn('line', 'integer', (c) => c.notNull())
    .addColumn('raw', 'text', (c) => c.notNull())
    .addColumn('errors', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('resolved_at', 'text')
    .addColumn('resolved_by', 'text')
    .execute();
  await db.schema.createIndex('ingest_rejects_batch').on('ingest_rejects').columns(['batch_id', 'line']).execute();
  await db.schema.createIndex('ingest_rejects_status').on('ingest_rejects').column('status').execute();
}
