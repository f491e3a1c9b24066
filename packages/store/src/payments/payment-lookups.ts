import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { AccountTable, CustomerTable, Database } from '../schema.ts';
import { accountFromRow, customerFromRow, type Account, type Customer } from '../repositories/rows.ts';
import { rawSqliteOf } from './raw-sqlite.ts';

/**
 * The account and customer reads on the payment hot path (every counter or online payment looks
 * up its accounts and their holders). On SQLite they are statements prepared once, since building
 * and preparing a Kysely query each time cost more than the payment's own writes; elsewhere (and
 * inside a transaction) they are plain Kysely queries.
 */
export class PaymentLookups {
  private stmts: Record<'accountById' | 'accountByNo' | 'customerById', BetterSqlite3.Statement> | undefined;
  private readonly sqlite: BetterSqlite3.Database | undefined;

  constructor(private readonly db: Kysely<Database>) {
    this.sqlite = db.isTransaction ? undefined : rawSqliteOf(db);
  }

  private prepared() {
    const p = (text: string) => this.sqlite!.prepare(text);
    this.stmts ??= {
      accountById: p('SELECT * FROM accounts WHERE id = ?'),
      accountByNo: p('SELECT * FROM accounts WHERE account_no = ?'),
      customerById: p('SELECT * FROM customers WHERE id = ?'),
    };
    return this.stmts;
  }

  /** An account by id. */
  async account(id: string): Promise<Account | undefined> {
    const row = this.sqlite
      ? (this.prepared().accountById.get(id) as AccountTable | undefined)
      : await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && accountFromRow(row);
  }

  /** An account by its number (户号). */
  async accountByNo(accountNo: string): Promise<Account | undefined> {
    const row = this.sqlite
      ? (this.prepared().accountByNo.get(accountNo) as AccountTable | undefined)
      : await this.db.selectFrom('accounts').selectAll().where('account_no', '=', accountNo).executeTakeFirst();
    return row && accountFromRow(row);
  }

  /** A customer by id. */
  async customer(id: string): Promise<Customer | undefined> {
    const row = this.sqlite
      ? (this.prepared().customerById.get(id) as CustomerTable | undefined)
      : await this.db.selectFrom('customers').selectAll().where('id', '=', id).executeTakeFirst();
    return row && customerFromRow(row);
  }
}
