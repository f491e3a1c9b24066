import type { Kysely } from 'kysely';
import type { Database, TariffAssignmentTable } from '../schema.ts';
import { insertChunked } from './insert-chunked.ts';
import {
  type Account,
  type ReadingBook,
  type ServicePoint,
  accountFromRow,
  accountToRow,
  readingBookFromRow,
  readingBookToRow,
} from './rows.ts';

/** Accounts (户号), their service points (计量点), reading books (抄表段) and tariff assignments. */
export class AccountRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMany(accounts: readonly Account[]): Promise<void> {
    await insertChunked(this.db, 'accounts', accounts.map(accountToRow));
  }

  async get(id: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('id', '=', id).executeTakeFirst();
    return row && accountFromRow(row);
  }

  async getByNo(accountNo: string): Promise<Account | undefined> {
    const row = await this.db.selectFrom('accounts').selectAll().where('account_no', '=', accountNo).executeTakeFirst();
    return row && accountFromRow(row);
  }

  async listByCustomers(customerIds: readonly string[]): Promise<Account[]> {
    if (customerIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('accounts')
      .selectAll()
      .where('customer_id', 'in', customerIds)
      .orderBy('account_no')
      .execute();
    return rows.map(accountFromRow);
  }

  async insertServicePoints(points: readonly ServicePoint[]): Promise<void> {
    await insertChunked(
      this.db,
      'service_points',
      points.map((p) => ({ id: p.id, account_id: p.accountId, name: p.name })),
    );
  }

  async listServicePoints(accountIds: readonly string[]): Promise<ServicePoint[]> {
    if (accountIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('service_points')
      .selectAll()
      .where('account_id', 'in', accountIds)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({ id: r.id, accountId: r.account_id, name: r.name }));
  }

  async insertReadingBooks(books: readonly ReadingBook[]): Promise<void> {
    await insertChunked(this.db, 'reading_books', books.map(readingBookToRow));
  }

  async getReadingBook(id: string): Promise<ReadingBook | undefined> {
    const row = await this.db.selectFrom('reading_books').selectAll().where('id', '=', id).executeTakeFirst();
    return row && readingBookFromRow(row);
  }

  async listReadingBooks(orgIds?: readonly string[]): Promise<ReadingBook[]> {
    let q = this.db.selectFrom('reading_books').selectAll().orderBy('code');
    if (orgIds) q = q.where('org_id', 'in', orgIds.length ? orgIds : ['']);
    return (await q.execute()).map(readingBookFromRow);
  }

  async insertTariffAssignments(rows: readonly TariffAssignmentTable[]): Promise<void> {
    await insertChunked(this.db, 'tariff_assignments', rows);
  }

  /** The tariff in force for an account on a local date, if any. */
  async tariffOn(accountId: string, date: string): Promise<TariffAssignmentTable | undefined> {
    return this.db
      .selectFrom('tariff_assignments')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('effective_from', '<=', date)
      .where((eb) => eb.or([eb('effective_to', 'is', null), eb('effective_to', '>', date)]))
      .orderBy('effective_from', 'desc')
      .executeTakeFirst();
  }
}
