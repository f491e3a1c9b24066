/**
 * Hands the alarm outbox (work-order intents written in the sweep's own transaction) over to the
 * notifications context's outbox, whose channel adapters deliver in-app, SMS and voice messages.
 * At least once: an intent is marked delivered here only after every one of its messages was
 * enqueued there, and the notifications outbox drops repeats by de-duplication key, so a relay
 * interrupted half-way is simply run again.
 */
import { localDate, localParts } from '@meterflow/core';
import type { ChannelKind, Locale } from '@meterflow/core/notifications/notification-channel';
import type { NewOutboxMessage } from '@meterflow/core/notifications/outbox';
import type { NotificationChannel, NotificationIntent } from '@meterflow/core/workflow/notification-intent';
import type { Store } from '@meterflow/store';
import type { StaffContacts } from './staff-contacts.ts';

/** Intents taken from the alarm outbox per round. */
export const RELAY_BATCH_MAX = 200;
/** Rounds per relay call, so one call never runs unbounded behind a flood of intents. */
export const RELAY_ROUNDS_MAX = 10;

/** The part of the notifications service the relay needs (NotificationService fits). */
export interface StaffNotifier {
  notify(m: Omit<NewOutboxMessage, 'id'>): Promise<{ duplicate: boolean }>;
}

export interface RelaySummary {
  /** Intents taken from the alarm outbox and marked delivered. */
  intents: number;
  /** Messages newly put in the notifications outbox (repeats not counted). */
  messages: number;
  /** Channels skipped because the staff member has no address for them (no phone for SMS/voice). */
  unreachable: number;
}

const CHANNEL_KIND: Record<NotificationChannel, ChannelKind> = {
  app: 'in_app',
  sms: 'sms',
  voice: 'voice',
  email: 'email',
};

/** What happened, in the staff member's language; the work order's own title comes with it. */
const DETAIL: Record<NotificationIntent['template'], Record<Locale, string>> = {
  'workOrder.assigned': { 'zh-CN': '新派工单已派给您', en: 'a new work order is assigned to you' },
  'workOrder.escalated': {
    'zh-CN': '派工单超时未接，已升级给您',
    en: 'a work order was not taken up in time and is escalated to you',
  },
  'workOrder.reopened': { 'zh-CN': '派工单已重新打开', en: 'a work order was reopened' },
  'workOrder.alarmCleared': {
    'zh-CN': '告警已自行恢复，请核实后关闭派工单',
    en: 'the alarm cleared by itself; check and close the work order',
  },
};

export class AlarmNotificationRelay {
  constructor(
    private readonly store: Store,
    private readonly notifier: StaffNotifier,
    private readonly contacts: () => StaffContacts,
    private readonly zone: string,
  ) {}

  /** Moves every pending alarm intent (up to the round limit) into the notifications outbox. */
  async relay(): Promise<RelaySummary> {
    const sum: RelaySummary = { intents: 0, messages: 0, unreachable: 0 };
    for (let round = 0; round < RELAY_ROUNDS_MAX; round++) {
      const pending = await this.store.alarms.outbox.pending(RELAY_BATCH_MAX);
      const done: number[] = [];
      try {
        for (const entry of pending) {
          const r = await this.relayOne(entry.intent, entry.createdAt);
          sum.messages += r.messages;
          sum.unreachable += r.unreachable;
          done.push(entry.id);
          // The embedded store answers synchronously, so without this a flood of intents would
          // keep the server from answering requests and feeding the live board until it is done.
          await new Promise((resolve) => setImmediate(resolve));
        }
      } finally {
        // Whatever went across is marked, even when a later one failed, so it is not sent twice.
        if (done.length) await this.store.alarms.outbox.markDelivered(done, new Date());
        sum.intents += done.length;
      }
      if (pending.length < RELAY_BATCH_MAX) break;
    }
    return sum;
  }

  private async relayOne(intent: NotificationIntent, at: Date): Promise<{ messages: number; unreachable: number }> {
    const contact = this.contacts()[intent.recipientStaffId] ?? {};
    const locale: Locale = contact.locale ?? 'zh-CN';
    const user = await this.store.users.findByUsername(intent.recipientStaffId);
    const personId = user?.id ?? intent.recipientStaffId;
    const p = localParts(at, this.zone);
    const when = `${localDate(at, this.zone)} ${String(p.hour).padStart(2, '0')}:${String(p.minute).padStart(2, '0')}`;
    const params = {
      title: locale === 'en' ? (intent.params.titleEn ?? '') : (intent.params.titleZh ?? ''),
      detail: DETAIL[intent.template][locale],
      subject: intent.workOrderId,
      at: when,
    };
    let messages = 0;
    let unreachable = 0;
    for (const channel of intent.channels) {
      const kind = CHANNEL_KIND[channel];
      const recipient = kind === 'in_app' ? user?.id : kind === 'email' ? contact.email : contact.phone;
      if (!recipient) {
        unreachable++;
        continue;
      }
      const r = await this.notifier.notify({
        dedupKey: `alarm|${intent.dedupeKey}|${kind}`,
        personId,
        channel: kind,
        recipient,
        locale,
        templateId: 'staff_alarm',
        params,
        // Alarm work must reach people at night and past the per-person daily limit.
        priority: 'urgent',
      });
      if (!r.duplicate) messages++;
    }
    return { messages, unreachable };
  }
}
