import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { SqlDialect } from '../sql-dialect.ts';
import { forbidUpdateAndDelete } from './0001-foundation.ts';

/** Tariffs, determinants, bills with compact lines, audit results and decisions, credit notes, bill runs. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('tariffs')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('code', 'text', (c) => c.notNull().unique())
    .addColumn('name_zh', 'text', (c) => c.notNull())
    .addColumn('name_en', 'text', (c) => c.notNull())
    .addColumn('document', 'text', (c) => c.notNull())
    .addColumn('stored_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('tariff_versions')
    .addColumn('tariff_id', 'text', (c) => c.notNull().references('tariffs.id'))
    .addColumn('version', 'integer', (c) => c.notNull())
    .addColumn('effective_from', 'text', (c) => c.notNull())
    .addColumn('vat_rate_percent', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('tariff_versions_pk', ['tariff_id', 'version'])
    .execute();
  await db.schema
    .createTable('bill_line_meta')
    .addColumn('tariff_id', 'text', (c) => c.notNull())
    .addColumn('code', 'text', (c) => c.notNull())
    .addColumn('label_zh', 'text', (c) => c.notNull())
    .addColumn('label_en', 'text', (c) => c.notNull())
    .addColumn('category', 'text', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('price_unit', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bill_line_meta_pk', ['tariff_id', 'code'])
    .execute();
  await createDeterminants(db);
  await createBills(db, dialect);
  await createAuditAndNotes(db, dialect);
  await db.schema
    .createTable('bill_runs')
    .addColumn('reading_book_id', 'text', (c) => c.notNull())
    .addColumn('cycle', 'text', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('holder', 'text', (c) => c.notNull())
    .addColumn('lease_expires_at', 'text', (c) => c.notNull())
    .addColumn('cursor', 'text', (c) => c.notNull())
    .addColumn('accounts_total', 'integer', (c) => c.notNull())
    .addColumn('accounts_done', 'integer', (c) => c.notNull())
    .addColumn('started_by', 'text', (c) => c.notNull())
    .addColumn('started_at', 'text', (c) => c.notNull())
    .addColumn('finished_at', 'text')
    .addColumn('error', 'text')
    .addPrimaryKeyConstraint('bill_runs_pk', ['reading_book_id', 'cycle'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function createDeterminants(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('bill_determinants')
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('cycle', 'text', (c) => c.notNull())
    .addColumn('reading_book_id', 'text', (c) => c.notNull())
    .addColumn('customer_class', 'text', (c) => c.notNull())
    .addColumn('tariff_id', 'text', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('active_wh', 'bigint', (c) => c.notNull())
    .addColumn('tou_wh', 'text')
    .addColumn('reactive_varh', 'bigint', (c) => c.notNull())
    .addColumn('max_demand_w', 'bigint', (c) => c.notNull())
    .addColumn('capacity_va', 'bigint', (c) => c.notNull())
    .addColumn('contract_demand_w', 'bigint', (c) => c.notNull())
    .addColumn('multiplier', 'integer', (c) => c.notNull())
    .addColumn('flags', 'integer', (c) => c.notNull())
    .addColumn('source', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bill_determinants_pk', ['account_id', 'cycle'])
    .execute();
  await db.schema
    .createIndex('bill_determinants_book')
    .on('bill_determinants')
    .columns(['reading_book_id', 'cycle', 'account_id'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function createBills(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('bills')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('cycle', 'text', (c) => c.notNull())
    .addColumn('revision', 'integer', (c) => c.notNull())
    .addColumn('reading_book_id', 'text', (c) => c.notNull())
    .addColumn('customer_class', 'text', (c) => c.notNull())
    .addColumn('tariff_id', 'text', (c) => c.notNull())
    .addColumn('tariff_version', 'integer', (c) => c.notNull())
    .addColumn('period_from', 'text', (c) => c.notNull())
    .addColumn('period_to', 'text', (c) => c.notNull())
    .addColumn('days', 'integer', (c) => c.notNull())
    .addColumn('energy_wh', 'bigint', (c) => c.notNull())
    .addColumn('total_fen', 'bigint', (c) => c.notNull())
    .addColumn('net_fen', 'bigint', (c) => c.notNull())
    .addColumn('tax_fen', 'bigint', (c) => c.notNull())
    .addColumn('pf_hundredths', 'integer')
    .addColumn('estimated', 'integer', (c) => c.notNull())
    .addColumn('status', 'text', (c) => c.notNull())
    .addColumn('lines', 'text', (c) => c.notNull())
    .addColumn('calculated_at', 'text', (c) => c.notNull())
    .addColumn('released_at', 'text')
    .addColumn('released_by', 'text')
    .addColumn('replaces_bill_id', 'text')
    .execute();
  await db.schema.createIndex('bills_book_cycle').on('bills').columns(['reading_book_id', 'cycle']).execute();
  await db.schema.createIndex('bills_account').on('bills').columns(['account_id', 'cycle']).execute();
  // The manual audit queue is small; a partial index keeps it cheap to list without slowing bulk inserts.
  await sql.raw(`CREATE INDEX bills_held ON bills (reading_book_id, cycle) WHERE status = 'held'`).execute(db);
  await freezeReleased(db, dialect);
}

/** A released bill is never changed or deleted: corrections go through credit notes. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function freezeReleased(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  if (dialect === 'sqlite') {
    for (const op of ['UPDATE', 'DELETE']) {
      await sql
        .raw(
          `CREATE TRIGGER bills_released_no_${op.toLowerCase()} BEFORE ${op} ON bills WHEN OLD.released_at IS NOT NULL BEGIN SELECT RAISE(ABORT, 'a released bill is never changed'); END`,
        )
        .execute(db);
    }
    return;
  }
  await sql
    .raw(
      `CREATE OR REPLACE FUNCTION mf_bill_released_frozen() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN IF OLD.released_at IS NOT NULL THEN RAISE EXCEPTION 'a released bill is never changed'; END IF; IF TG_OP = 'DELETE' THEN RETURN OLD; END IF; RETURN NEW; END $$`,
    )
    .execute(db);
  await sql
    .raw(
      `CREATE TRIGGER bills_released_frozen BEFORE UPDATE OR DELETE ON bills FOR EACH ROW EXECUTE FUNCTION mf_bill_released_frozen()`,
    )
    .execute(db);
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function createAuditAndNotes(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('bill_audit_results')
    .addColumn('bill_id', 'text', (c) => c.notNull())
    .addColumn('rule', 'text', (c) => c.notNull())
    .addColumn('params', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bill_audit_results_pk', ['bill_id', 'rule'])
    .execute();
  await db.schema
    .createTable('bill_audit_decisions')
    .addColumn('bill_id', 'text', (c) => c.notNull().references('bills.id'))
    .addColumn('decision', 'text', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text', (c) => c.notNull())
    .addColumn('decided_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('bill_audit_decisions_bill').on('bill_audit_decisions').column('bill_id').execute();
  await forbidUpdateAndDelete(db, dialect, 'bill_audit_decisions');
  await db.schema
    .createTable('credit_notes')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('bill_id', 'text', (c) => c.notNull().references('bills.id'))
    .addColumn('new_bill_id', 'text', (c) => c.notNull().references('bills.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('issued_by', 'text', (c) => c.notNull())
    .addColumn('issued_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('credit_notes_bill').on('credit_notes').column('bill_id').unique().execute();
  await forbidUpdateAndDelete(db, dialect, 'credit_notes');
}
