import { sql, type Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Most inbox messages one page returns. */
export const INBOX_PAGE_MAX = 200;

export interface InboxMessage {
  id: string;
  userId: string;
  outboxId: string;
  subject: string;
  body: string;
  createdAt: string;
  readAt: string | null;
}

/** The in-app inbox: one row per message delivered to a signed-in user. */
export class InboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds a message; the same outbox item twice is stored once (a retried delivery). */
  async add(m: Omit<InboxMessage, 'readAt'>): Promise<boolean> {
    const r = await this.db
      .insertInto('notification_inbox')
      .values({
        id: m.id,
        user_id: m.userId,
        outbox_id: m.outboxId,
        subject: m.subject,
        body: m.body,
        created_at: m.createdAt,
        read_at: null,
      })
      .onConflict((oc) => oc.column('outbox_id').doNothing())
      .executeTakeFirst();
    return Number(r.numInsertedOrUpdatedRows ?? 0) === 1;
  }

  /** A user's messages, newest first. */
  async list(userId: string, limit: number): Promise<InboxMessage[]> {
    const rows = await this.db
      .selectFrom('notification_inbox')
      .selectAll()
      .where('user_id', '=', userId)
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(limit, INBOX_PAGE_MAX))
      .execute();
    return rows.map((r) => ({
      id: r.id,
      userId: r.user_id,
      outboxId: r.outbox_id,
      subject: r.subject,
      body: r.body,
      createdAt: r.created_at,
      readAt: r.read_at,
    }));
  }

  async unreadCount(userId: string): Promise<number> {
    const r = await this.db
      .selectFrom('notification_inbox')
      .select(sql<number>`COUNT(*)`.as('n'))
      .where('user_id', '=', userId)
      .where('read_at', 'is', null)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Marks the user's messages read (only theirs); returns how many changed. */
  async markRead(userId: string, ids: readonly string[], at: Date): Promise<number> {
    if (ids.length === 0) return 0;
    const r = await this.db
      .updateTable('notification_inbox')
      .set({ read_at: at.toISOString() })
      .where('user_id', '=', userId)
      .where('id', 'in', [...ids].slice(0, INBOX_PAGE_MAX))
      .where('read_at', 'is', null)
      .executeTakeFirst();
    return Number(r.numUpdatedRows);
  }
}
