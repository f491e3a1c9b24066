import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { AccountTable, CustomerTable, Database } from '../schema.ts';
import { accountFromRow, customerFromRow, type Account, type Customer } from '../repositories/rows.ts';
import { rawSqliteOf } from './raw-sqlite.ts';

/** An account with its holder (undefined if the customer row is missing). */
export interface AccountWithHolder {
  account: Account;
  customer: Customer | undefined;
}

/** The customer's columns, renamed so they can share a row with the account's. */
const holderSelect = ['id', 'org_id', 'type', 'name', 'parent_id', 'phone', 'address', 'created_at']
  .map((c) => `c.${c} AS holder_${c}`)
  .join(', ');

type AccountHolderRow = AccountTable & { [K in keyof CustomerTable as `holder_${K}`]: CustomerTable[K] | null };

function withHolder(r: AccountHolderRow): AccountWithHolder {
  const customer =
    r.holder_id === null
      ? undefined
      : customerFromRow({
          id: r.holder_id,
          org_id: r.holder_org_id!,
          type: r.holder_type!,
          name: r.holder_name!,
          parent_id: r.holder_parent_id,
          phone: r.holder_phone!,
          address: r.holder_address!,
          created_at: r.holder_created_at!,
        });
  return { account: accountFromRow(r), customer };
}

/**
 * The account and customer reads on the payment hot path (every counter or online payment looks
 * up its accounts and their holders). On SQLite they are statements prepared once, since building
 * and preparing a Kysely query each time cost more than the payment's own writes, and an account
 * comes with its holder in one statement: each statement outside a transaction is a read
 * transaction of its own (file locks taken and released), which cost more than the read. Elsewhere
 * (and inside a transaction) they are plain Kysely queries.
 */
export class PaymentLookups {
  private stmts:
    | Record<
        'accountById' | 'accountByNo' | 'customerById' | 'withHolderById' | 'withHolderByNo',
        BetterSqlite3.Statement
      >
    | undefined;
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
      withHolderById: p(
        `SELECT a.*, ${holderSelect} FROM accounts a LEFT JOIN customers c ON c.id = a.customer_id WHERE a.id = ?`,
      ),
      withHolderByNo: p(
        `SELECT a.*, ${holderSelect} FROM accounts a LEFT JOIN customers c ON c.id = a.customer_id WHERE a.account_no = ?`,
      ),
    };
    return this.stmts;
  }

  /** An account by id with its holder, in one read. */
  async accountWithHolder(id: string): Promise<AccountWithHolder | undefined> {
    if (!this.sqlite) return this.holderOf(await this.account(id));
    const row = this.prepared().withHolderById.get(id) as AccountHolderRow | undefined;
    return row && withHolder(row);
  }

  /** An account by its number (户号) with its holder, in one read. */
  async accountWithHolderByNo(accountNo: string): Promise<AccountWithHolder | undefined> {
    if (!this.sqlite) return this.holderOf(await this.accountByNo(accountNo));
    const row = this.prepared().withHolderByNo.get(accountNo) as AccountHolderRow | undefined;
    return row && withHolder(row);
  }

  private async holderOf(account: Account | undefined): Promise<AccountWithHolder | undefined> {
    return account && { account, customer: await this.customer(account.customerId) };
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
