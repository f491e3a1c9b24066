import type { Kysely } from 'kysely';
import type { SqlDialect } from '../sql-dialect.ts';

/**
 * How each approved refund is paid out: back through the payment provider (a gateway payment) or as
 * a line of a bank payout file (counter and bank payments). One row per refund; its state moves
 * pending → sending/sent → paid, or → failed with the reason and back to sending/sent on a retry.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export async function up(db: Kysely<any>, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('refund_payouts')
    .addColumn('refund_id', 'text', (c) => c.primaryKey().references('refunds.id'))
    .addColumn('method', 'text', (c) => c.notNull())
    .addColumn('payment_order_id', 'text')
    .addColumn('state', 'text', (c) => c.notNull())
    .addColumn('attempts', 'integer', (c) => c.notNull())
    .addColumn('failure_reason', 'text')
    .addColumn('external_ref', 'text')
    .addColumn('file_id', 'text')
    .addColumn('paid_at', 'text')
    .addColumn('entry_seq', 'bigint')
    .addColumn('created_at', 'text', (c) => c.notNull())
    .addColumn('updated_at', 'text', (c) => c.notNull())
    .execute();
  await db.schema
    .createIndex('refund_payouts_state')
    .on('refund_payouts')
    .columns(['method', 'state', 'created_at'])
    .execute();
  await db.schema.createIndex('refund_payouts_file').on('refund_payouts').column('file_id').execute();
}
