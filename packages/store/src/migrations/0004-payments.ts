import type { Kysely } from 'kysely';
import type { SqlDialect } from '../sql-dialect.ts';
import { forbidUpdateAndDelete } from './0001-foundation.ts';

/** Ledger (entries, lines, receivable items), payment orders, idempotency keys, refunds, bank files, statements, waivers. */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, dialect: SqlDialect): Promise<void> {
  const pg = dialect === 'postgres';
  await db.schema
    .createTable('ledger_entries')
    .addColumn('seq', pg ? 'bigserial' : 'integer', (c) => (pg ? c.primaryKey() : c.primaryKey().autoIncrement()))
    .addColumn('idempotency_key', 'text', (c) => c.notNull().unique())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('business_date', 'text', (c) => c.notNull())
    .addColumn('memo', 'text', (c) => c.notNull())
    .addColumn('fingerprint', 'text', (c) => c.notNull())
    .addColumn('posted_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('ledger_entries_kind_date')
    .on('ledger_entries')
    .columns(['kind', 'business_date'])
    .execute();
  await db.schema
    .createTable('ledger_lines')
    .addColumn('entry_seq', 'bigint', (c) => c.notNull().references('ledger_entries.seq'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('ledger_account', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('ref', 'text')
    .addPrimaryKeyConstraint('ledger_lines_pk', ['entry_seq', 'line_no'])
    .execute();
  // Balances and open items are SUMs over this index; amount is included so the sum reads the index only.
  await db.schema
    .createIndex('ledger_lines_account')
    .on('ledger_lines')
    .columns(['ledger_account', 'ref', 'amount_fen'])
    .execute();
  await db.schema
    .createTable('receivable_items')
    .addColumn('ref', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('kind', 'text', (c) => c.notNull())
    .addColumn('due_date', 'text', (c) => c.notNull())
    .addColumn('bill_month', 'text')
    .addColumn('energy_wh', 'bigint')
    .addColumn('entry_seq', 'bigint', (c) => c.notNull().references('ledger_entries.seq'))
    .execute();
  await db.schema
    .createIndex('receivable_items_account')
    .on('receivable_items')
    .columns(['account_id', 'due_date'])
    .execute();
  for (const t of ['ledger_entries', 'ledger_lines', 'receivable_items']) await forbidUpdateAndDelete(db, dialect, t);
  await createOrderTables(db);
  await createOfficeTables(db);
  await forbidUpdateAndDelete(db, dialect, 'late_fee_waivers');
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function createOrderTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('payment_orders')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('provider_txn_id', 'text')
    .addColumn('payer_customer_id', 'text')
    .addColumn('created_by', 'text')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('paid_at', 'text')
    .addColumn('business_date', 'text')
    .addColumn('receipt_no', 'text', (c) => c.unique())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema.createIndex('payment_orders_state').on('payment_orders').columns(['state', 'created_at']).execute();
  await db.schema.createIndex('payment_orders_txn').on('payment_orders').column('provider_txn_id').execute();
  await db.schema
    .createIndex('payment_orders_paid')
    .on('payment_orders')
    .columns(['business_date', 'channel'])
    .execute();
  await db.schema
    .createTable('payment_order_targets')
    .addColumn('order_id', 'text', (c) => c.notNull().references('payment_orders.id'))
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addPrimaryKeyConstraint('payment_order_targets_pk', ['order_id', 'account_id'])
    .execute();
  await db.schema
    .createIndex('payment_order_targets_account')
    .on('payment_order_targets')
    .column('account_id')
    .execute();
  await db.schema
    .createTable('idempotency_keys')
    .addColumn('scope', 'text', (c) => c.notNull())
    .addColumn('key', 'text', (c) => c.notNull())
    .addColumn('request_hash', 'text', (c) => c.notNull())
    .addColumn('response', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('idempotency_keys_pk', ['scope', 'key'])
    .execute();
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any
async function createOfficeTables(db: Kysely<any>): Promise<void> {
  await db.schema
    .createTable('refunds')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('payment_order_id', 'text')
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('requested_by', 'text', (c) => c.notNull())
    .addColumn('requested_at', 'text', (c) => c.notNull())
    .addColumn('decided_by', 'text')
    .addColumn('decided_at', 'text')
    .execute();
  await db.schema.createIndex('refunds_state').on('refunds').columns(['state', 'requested_at']).execute();
  await db.schema
    .createTable('bank_batches')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('direction', 'text', (c) => c.notNull())
    .addColumn('file_name', 'text', (c) => c.notNull())
    .addColumn('created_by', 'text', (c) => c.notNull())
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('item_count', 'integer', (c) => c.notNull())
    .addColumn('total_fen', 'bigint', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('bank_batch_items')
    .addColumn('batch_id', 'text', (c) => c.notNull().references('bank_batches.id'))
    .addColumn('line_no', 'integer', (c) => c.notNull())
    .addColumn('account_no', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('result', 'text', (c) => c.notNull())
    .addColumn('payment_order_id', 'text')
    .addColumn('message', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('bank_batch_items_pk', ['batch_id', 'line_no'])
    .execute();
  await db.schema
    .createTable('provider_statements')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('channel', 'text', (c) => c.notNull())
    .addColumn('statement_date', 'text', (c) => c.notNull())
    .addColumn('uploaded_by', 'text', (c) => c.notNull())
    .addColumn('uploaded_at', 'text', (c) => c.notNull())
    .addColumn('content', 'text', (c) => c.notNull())
    .addColumn('report', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createTable('late_fee_waivers')
    .addColumn('id', 'text', (c) => c.primaryKey())
    .addColumn('account_id', 'text', (c) => c.notNull())
    .addColumn('late_fee_ref', 'text', (c) => c.notNull())
    .addColumn('amount_fen', 'bigint', (c) => c.notNull())
    .addColumn('reason', 'text', (c) => c.notNull())
    .addColumn('approved_by', 'text', (c) => c.notNull())
    .addColumn('waived_at', 'text', (c) => c.notNull())
    .addColumn('entry_seq', 'bigint', (c) => c.notNull())
    .execute();
}
