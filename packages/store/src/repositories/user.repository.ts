import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { type User, userFromRow, userToRow } from './rows.ts';

export interface Session {
  id: string;
  userId: string;
  createdAt: string;
  expiresAt: string;
}

/** Staff and customer users, and their login sessions. */
export class UserRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(user: User): Promise<void> {
    await this.db.insertInto('users').values(userToRow(user)).execute();
  }

  async get(id: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('id', '=', id).executeTakeFirst();
    return row && userFromRow(row);
  }

  async findByUsername(username: string): Promise<User | undefined> {
    const row = await this.db.selectFrom('users').selectAll().where('username', '=', username).executeTakeFirst();
    return row && userFromRow(row);
  }

  async listByCustomer(customerId: string): Promise<User[]> {
    const rows = await this.db.selectFrom('users').selectAll().where('customer_id', '=', customerId).execute();
    return rows.map(userFromRow);
  }

  async createSession(session: Session): Promise<void> {
    await this.db
      .insertInto('sessions')
      .values({ id: session.id, user_id: session.userId, created_at: session.createdAt, expires_at: session.expiresAt })
      .execute();
  }

  /** The session with this id if it has not expired at `nowIso`. */
  async findLiveSession(id: string, nowIso: string): Promise<Session | undefined> {
    const row = await this.db
      .selectFrom('sessions')
      .selectAll()
      .where('id', '=', id)
      .where('expires_at', '>', nowIso)
      .executeTakeFirst();
    return row && { id: row.id, userId: row.user_id, createdAt: row.created_at, expiresAt: row.expires_at };
  }

  async extendSession(id: string, expiresAt: string): Promise<void> {
    await this.db.updateTable('sessions').set({ expires_at: expiresAt }).where('id', '=', id).execute();
  }

  async deleteSession(id: string): Promise<void> {
    await this.db.deleteFrom('sessions').where('id', '=', id).execute();
  }

  async deleteExpiredSessions(nowIso: string): Promise<number> {
    const r = await this.db.deleteFrom('sessions').where('expires_at', '<=', nowIso).executeTakeFirst();
    return Number(r.numDeletedRows);
  }
}
