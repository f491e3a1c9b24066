import type { Kysely } from 'kysely';
import type { SqlDialect } from '../sql-dialect.ts';

// eslint-disable-next-line @typescript-eslint/no-explicit-any
type Db = Kysely<any>;

/** The latest instantaneous values per meter that the DL/T 645 gateway read (metering, after 0002). */
export async function up(db: Db, _dialect: SqlDialect): Promise<void> {
  await db.schema
    .createTable('meter_instants')
    .addColumn('meter_id', 'text', (c) => c.notNull())
    .addColumn('quantity', 'text', (c) => c.notNull())
    .addColumn('phase', 'text', (c) => c.notNull())
    .addColumn('value_scaled', 'bigint', (c) => c.notNull())
    .addColumn('decimals', 'integer', (c) => c.notNull())
    .addColumn('unit', 'text', (c) => c.notNull())
    .addColumn('read_at', 'text', (c) => c.notNull())
    .addPrimaryKeyConstraint('meter_instants_pk', ['meter_id', 'quantity', 'phase'])
    .execute();
}
