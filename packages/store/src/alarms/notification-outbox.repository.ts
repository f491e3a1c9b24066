import type { Kysely } from 'kysely';
import type { NotificationIntent } from '@meterflow/core/workflow/notification-intent';
import type { Database } from '../schema.ts';

export const OUTBOX_CHUNK = 300;
export const OUTBOX_CLAIM_MAX = 1000;

/** An intent waiting in the outbox, with its row id for marking it sent. */
export interface OutboxEntry {
  id: number;
  createdAt: Date;
  intent: NotificationIntent;
}

/**
 * Notification intents from alarms and work orders, waiting for the notification channels to send
 * them. Repeats with the same dedupe key are dropped on the way in. A drainer calls `pending`,
 * sends, then `markDelivered`.
 */
export class NotificationOutboxRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async enqueue(intents: readonly NotificationIntent[], at: Date): Promise<void> {
    for (let i = 0; i < intents.length; i += OUTBOX_CHUNK) {
      await this.db
        .insertInto('alarm_notification_outbox')
        .values(
          intents.slice(i, i + OUTBOX_CHUNK).map((n) => ({
            dedupe_key: n.dedupeKey,
            created_at: at.toISOString(),
            recipient_staff_id: n.recipientStaffId,
            channels: JSON.stringify(n.channels),
            template: n.template,
            severity: n.severity,
            work_order_id: n.workOrderId,
            params: JSON.stringify(n.params),
            claimed_at: null,
            delivered_at: null,
          })),
        )
        .onConflict((oc) => oc.column('dedupe_key').doNothing())
        .execute();
    }
  }

  /** The oldest intents not yet delivered. */
  async pending(limit = 100): Promise<OutboxEntry[]> {
    const rows = await this.db
      .selectFrom('alarm_notification_outbox')
      .selectAll()
      .where('delivered_at', 'is', null)
      .orderBy('id')
      .limit(Math.min(limit, OUTBOX_CLAIM_MAX))
      .execute();
    return rows.map((r) => ({
      id: Number(r.id),
      createdAt: new Date(r.created_at),
      intent: {
        recipientStaffId: r.recipient_staff_id,
        channels: JSON.parse(r.channels) as NotificationIntent['channels'],
        template: r.template as NotificationIntent['template'],
        severity: r.severity as NotificationIntent['severity'],
        workOrderId: r.work_order_id,
        params: JSON.parse(r.params) as Record<string, string>,
        dedupeKey: r.dedupe_key,
      },
    }));
  }

  async markDelivered(ids: readonly number[], at: Date): Promise<void> {
    for (let i = 0; i < ids.length; i += OUTBOX_CHUNK) {
      await this.db
        .updateTable('alarm_notification_outbox')
        .set({ delivered_at: at.toISOString() })
        .where('id', 'in', ids.slice(i, i + OUTBOX_CHUNK))
        .execute();
    }
  }
}
