import type {
  DeliveryResult,
  NotificationChannel,
  OutboundMessage,
} from '@meterflow/core/notifications/notification-channel';
import type { InboxRepository } from '@meterflow/store';
import type { Clock } from '@meterflow/core';
import type { InboxFeed } from '../inbox-feed.ts';

/**
 * The in-app inbox: the message is stored for the user (recipient = user id) and pushed to the
 * user's open portal pages over Server-Sent Events. Storing it is the delivery.
 */
export class InAppChannel implements NotificationChannel {
  readonly kind = 'in_app' as const;

  constructor(
    private readonly inbox: InboxRepository,
    private readonly feed: InboxFeed,
    private readonly clock: Clock,
  ) {}

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    if (message.recipient.trim() === '') return { ok: false, retryable: false, error: 'no recipient' };
    const id = `in-${message.id}`;
    const createdAt = this.clock.now().toISOString();
    const m = {
      id,
      userId: message.recipient,
      outboxId: message.id,
      subject: message.subject,
      body: message.body,
      createdAt,
    };
    try {
      if (await this.inbox.add(m)) this.feed.publish(message.recipient, { ...m, readAt: null });
    } catch (e) {
      return { ok: false, retryable: true, error: `inbox: ${e instanceof Error ? e.message : String(e)}` };
    }
    return { ok: true, providerMessageId: id };
  }
}
