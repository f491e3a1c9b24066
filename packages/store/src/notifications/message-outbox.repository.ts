import type { Kysely } from 'kysely';
import {
  enqueueMessage,
  type NewOutboxMessage,
  type OutboxItem,
  type OutboxPolicy,
} from '@meterflow/core/notifications/outbox';
import type { DeliveryResult } from '@meterflow/core/notifications/notification-channel';
import type { Database } from '../schema.ts';
import type { NotificationOutboxTable } from './notifications-schema.ts';

/** Most outbox rows one query returns. */
export const MESSAGE_OUTBOX_LIST_MAX = 1000;
/** Longest error text kept per attempt. */
export const DELIVERY_ERROR_MAX_CHARS = 500;

/** An outbox item as stored, with the provider's id and latest receipt. */
export interface StoredOutboxItem extends OutboxItem {
  providerMessageId: string | null;
  receiptStatus: string | null;
}

const toItem = (r: NotificationOutboxTable): StoredOutboxItem => ({
  id: r.id,
  dedupKey: r.dedup_key,
  personId: r.person_id,
  channel: r.channel as OutboxItem['channel'],
  recipient: r.recipient,
  locale: r.locale as OutboxItem['locale'],
  templateId: r.template_id as OutboxItem['templateId'],
  params: JSON.parse(r.params) as OutboxItem['params'],
  priority: r.priority as OutboxItem['priority'],
  createdAt: r.created_at,
  status: r.status as OutboxItem['status'],
  attempts: Number(r.attempts),
  notBefore: r.not_before,
  ...(r.sent_at ? { sentAt: r.sent_at } : {}),
  ...(r.last_error ? { lastError: r.last_error } : {}),
  providerMessageId: r.provider_message_id,
  receiptStatus: r.receipt_status,
});

const toRow = (i: OutboxItem): NotificationOutboxTable => ({
  id: i.id,
  dedup_key: i.dedupKey,
  person_id: i.personId,
  channel: i.channel,
  recipient: i.recipient,
  locale: i.locale,
  template_id: i.templateId,
  params: JSON.stringify(i.params),
  priority: i.priority,
  created_at: i.createdAt,
  status: i.status,
  attempts: i.attempts,
  not_before: i.notBefore,
  sent_at: i.sentAt ?? null,
  last_error: i.lastError ?? null,
  provider_message_id: null,
  receipt_status: null,
});

export interface OutboxFilter {
  personId?: string;
  status?: OutboxItem['status'];
  channel?: OutboxItem['channel'];
  limit: number;
}

/**
 * The message outbox: de-duplicated on the way in (core `enqueueMessage` decides, given the items
 * with the same key), due items out, and one append-only delivery row per attempt.
 */
export class MessageOutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Adds a message unless the same de-duplication key was used within the window. */
  async enqueue(
    message: NewOutboxMessage,
    now: Date,
    policy: OutboxPolicy,
  ): Promise<{ item: OutboxItem; duplicate: boolean }> {
    const since = new Date(now.getTime() - policy.dedupWindowMs).toISOString();
    const same = await this.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('dedup_key', '=', message.dedupKey)
      .where('created_at', '>', since)
      .execute();
    const r = enqueueMessage(same.map(toItem), message, now, policy);
    if (!r.duplicate) await this.db.insertInto('notification_outbox').values(toRow(r.item)).execute();
    return r;
  }

  /** Pending items whose next attempt is due, oldest first. */
  async due(now: Date, limit: number): Promise<StoredOutboxItem[]> {
    const rows = await this.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('status', '=', 'pending')
      .where('not_before', '<=', now.toISOString())
      .orderBy('created_at')
      .limit(Math.min(limit, MESSAGE_OUTBOX_LIST_MAX))
      .execute();
    return rows.map(toItem);
  }

  /** Normal-priority items sent to these people since `since`: what their rate limits count. */
  async sentSince(personIds: readonly string[], since: Date): Promise<StoredOutboxItem[]> {
    if (personIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('notification_outbox')
      .selectAll()
      .where('person_id', 'in', [...new Set(personIds)])
      .where('status', '=', 'sent')
      .where('sent_at', '>', since.toISOString())
      .execute();
    return rows.map(toItem);
  }

  /** Holds an item back until `until` (quiet hours, rate limit). */
  async defer(id: string, until: string): Promise<void> {
    await this.db.updateTable('notification_outbox').set({ not_before: until }).where('id', '=', id).execute();
  }

  /** Stores the item as core's `applyDelivery` left it and the attempt's record. */
  async recordAttempt(after: OutboxItem, result: DeliveryResult, at: Date): Promise<void> {
    const providerId = result.ok ? result.providerMessageId : null;
    await this.db.transaction().execute(async (tx) => {
      await tx
        .updateTable('notification_outbox')
        .set({
          status: after.status,
          attempts: after.attempts,
          not_before: after.notBefore,
          sent_at: after.sentAt ?? null,
          last_error: after.lastError ?? null,
          ...(providerId ? { provider_message_id: providerId } : {}),
        })
        .where('id', '=', after.id)
        .execute();
      await tx
        .insertInto('notification_deliveries')
        .values({
          outbox_id: after.id,
          attempt: after.attempts,
          at: at.toISOString(),
          ok: result.ok ? 1 : 0,
          retryable: !result.ok && result.retryable ? 1 : 0,
          provider_message_id: providerId,
          error: result.ok ? null : result.error.slice(0, DELIVERY_ERROR_MAX_CHARS),
        })
        .execute();
    });
  }

  /** Records a provider's delivery receipt once; returns the outbox id it belongs to, if known. */
  async recordReceipt(
    channel: string,
    providerMessageId: string,
    status: string,
    at: string,
    detail: string,
    receivedAt: Date,
  ): Promise<string | null> {
    await this.db
      .insertInto('notification_receipts')
      .values({
        channel,
        provider_message_id: providerMessageId,
        status,
        at,
        detail,
        received_at: receivedAt.toISOString(),
      })
      .onConflict((oc) => oc.doNothing())
      .execute();
    const row = await this.db
      .selectFrom('notification_outbox')
      .select('id')
      .where('channel', '=', channel)
      .where('provider_message_id', '=', providerMessageId)
      .executeTakeFirst();
    if (!row) return null;
    await this.db.updateTable('notification_outbox').set({ receipt_status: status }).where('id', '=', row.id).execute();
    return row.id;
  }

  async get(id: string): Promise<StoredOutboxItem | undefined> {
    const r = await this.db.selectFrom('notification_outbox').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toItem(r);
  }

  /** Items newest first, for staff and tests. */
  async list(f: OutboxFilter): Promise<StoredOutboxItem[]> {
    let q = this.db.selectFrom('notification_outbox').selectAll();
    if (f.personId) q = q.where('person_id', '=', f.personId);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.channel) q = q.where('channel', '=', f.channel);
    const rows = await q
      .orderBy('created_at', 'desc')
      .orderBy('id', 'desc')
      .limit(Math.min(f.limit, MESSAGE_OUTBOX_LIST_MAX))
      .execute();
    return rows.map(toItem);
  }

  /** The attempts of one item, oldest first. */
  async deliveries(outboxId: string) {
    const rows = await this.db
      .selectFrom('notification_deliveries')
      .selectAll()
      .where('outbox_id', '=', outboxId)
      .orderBy('attempt')
      .execute();
    return rows.map((r) => ({
      attempt: Number(r.attempt),
      at: r.at,
      ok: Number(r.ok) === 1,
      retryable: Number(r.retryable) === 1,
      providerMessageId: r.provider_message_id,
      error: r.error,
    }));
  }
}
