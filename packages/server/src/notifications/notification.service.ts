import { randomUUID } from 'node:crypto';
import type { Clock } from '@meterflow/core';
import type { ChannelKind, NotificationChannel } from '@meterflow/core/notifications/notification-channel';
import { applyDelivery, decideDispatch } from '@meterflow/core/notifications/outbox-dispatch';
import {
  DEFAULT_OUTBOX_POLICY,
  type NewOutboxMessage,
  type OutboxItem,
  type OutboxPolicy,
} from '@meterflow/core/notifications/outbox';
import type { QuietHours } from '@meterflow/core/notifications/quiet-hours';
import { renderMessage } from '@meterflow/core/notifications/render-message';
import type { Store } from '@meterflow/store';

/** Where a person's quiet hours come from (the prepaid settings of their accounts). */
export type QuietHoursSource = (personIds: readonly string[]) => Promise<Map<string, QuietHours | null>>;

export interface DispatchSummary {
  sent: number;
  failed: number;
  deferred: number;
  /** Due items on a channel that is not configured: they wait. */
  waiting: number;
}

/**
 * The outbox use cases: enqueue (de-duplicated), dispatch (core decides what goes now; adapters
 * deliver; each attempt is recorded) and delivery receipts from providers.
 */
export class NotificationService {
  private running: Promise<DispatchSummary> | null = null;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly channels: ReadonlyMap<ChannelKind, NotificationChannel>,
    private readonly quietHours: QuietHoursSource,
    readonly zone: string,
    readonly policy: OutboxPolicy = DEFAULT_OUTBOX_POLICY,
  ) {}

  /** Puts a message in the outbox unless the same de-duplication key went in within the window. */
  async notify(m: Omit<NewOutboxMessage, 'id'>): Promise<{ item: OutboxItem; duplicate: boolean }> {
    return this.store.notifications.outbox.enqueue({ ...m, id: `msg-${randomUUID()}` }, this.clock.now(), this.policy);
  }

  /** One dispatch round; concurrent calls share the round in progress. */
  dispatch(): Promise<DispatchSummary> {
    this.running ??= this.dispatchOnce().finally(() => (this.running = null));
    return this.running;
  }

  private async dispatchOnce(): Promise<DispatchSummary> {
    const now = this.clock.now();
    const outbox = this.store.notifications.outbox;
    const due = (await outbox.due(now, this.policy.maxBatch)).filter((i) => this.channels.has(i.channel));
    const summary: DispatchSummary = { sent: 0, failed: 0, deferred: 0, waiting: 0 };
    if (due.length === 0) return summary;
    const persons = [...new Set(due.map((i) => i.personId))];
    const since = new Date(now.getTime() - this.policy.ratePerPerson.windowMs);
    const [sent, quiet] = await Promise.all([outbox.sentSince(persons, since), this.quietHours(persons)]);
    const decision = decideDispatch([...due, ...sent], now, (p) => quiet.get(p) ?? null, this.policy, this.zone);
    for (const d of decision.deferred) await outbox.defer(d.id, d.until);
    summary.deferred = decision.deferred.length;
    for (const item of decision.send) {
      const ok = await this.deliver(item, now);
      if (ok) summary.sent++;
      else summary.failed++;
    }
    return summary;
  }

  private async deliver(item: OutboxItem, now: Date): Promise<boolean> {
    const channel = this.channels.get(item.channel)!;
    let result;
    try {
      const text = renderMessage(item.templateId, item.locale, item.params);
      result = await channel.send({
        id: item.id,
        channel: item.channel,
        recipient: item.recipient,
        locale: item.locale,
        ...text,
      });
    } catch (e) {
      // A template that cannot be filled will not fill on retry either.
      result = { ok: false as const, retryable: false, error: e instanceof Error ? e.message : String(e) };
    }
    await this.store.notifications.outbox.recordAttempt(applyDelivery(item, result, now, this.policy), result, now);
    return result.ok;
  }

  /** Records a provider's delivery receipt; returns the outbox id it belongs to, if known. */
  receipt(
    channel: string,
    providerMessageId: string,
    status: string,
    at: string,
    detail: unknown,
  ): Promise<string | null> {
    return this.store.notifications.outbox.recordReceipt(
      channel,
      providerMessageId,
      status,
      at,
      JSON.stringify(detail).slice(0, 1000),
      this.clock.now(),
    );
  }

  /** Which channels have an adapter configured. */
  configuredChannels(): ChannelKind[] {
    return [...this.channels.keys()];
  }
}
