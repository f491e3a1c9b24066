import type { Clock } from '@meterflow/core';
import type { ChannelKind, NotificationChannel } from '@meterflow/core/notifications/notification-channel';
import type { QuietHours } from '@meterflow/core/notifications/quiet-hours';
import type { Store } from '@meterflow/store';
import { InAppChannel } from './channels/in-app-channel.ts';
import { smsChannel, voiceChannel } from './channels/provider-http-channel.ts';
import { SmtpEmailChannel } from './channels/smtp-email-channel.ts';
import { InboxFeed } from './inbox-feed.ts';
import { NotificationService } from './notification.service.ts';
import type { NotificationsConfig } from './notifications-config.ts';

/** The notifications context as the server holds it: the outbox service, the live inbox feed, the adapters. */
export interface NotificationsModule {
  service: NotificationService;
  feed: InboxFeed;
  /** Sets the receipt callback URL once the server knows its own address. */
  setReceiptUrl(url: string): void;
  close(): void;
}

/** Quiet hours of a customer: the first of their prepaid accounts' settings that has them. */
function quietHoursFromSettings(store: Store) {
  return async (personIds: readonly string[]) => {
    const out = new Map<string, QuietHours | null>();
    const accounts = await store.accounts.listByCustomers(personIds);
    const settings = await store.notifications.settings.getMany(accounts.map((a) => a.id));
    for (const a of accounts) {
      const q = settings.get(a.id)?.settings.quietHours ?? null;
      if (q && !out.get(a.customerId)) out.set(a.customerId, q);
    }
    return out;
  };
}

/** Builds the adapters that are configured and the services over them. */
export function buildNotifications(
  config: NotificationsConfig,
  store: Store,
  clock: Clock,
  zone: string,
): NotificationsModule {
  const feed = new InboxFeed();
  const receipt = { url: config.receiptUrl };
  const http = (baseUrl: string) => ({
    baseUrl,
    get callbackUrl() {
      return receipt.url;
    },
  });
  const channels = new Map<ChannelKind, NotificationChannel>();
  channels.set('in_app', new InAppChannel(store.notifications.inbox, feed, clock));
  if (config.smsUrl) channels.set('sms', smsChannel(http(config.smsUrl)));
  if (config.voiceUrl) channels.set('voice', voiceChannel(http(config.voiceUrl)));
  const email = config.smtpUrl ? new SmtpEmailChannel({ url: config.smtpUrl, from: config.emailFrom }) : null;
  if (email) channels.set('email', email);
  const service = new NotificationService(store, clock, channels, quietHoursFromSettings(store), zone);
  return {
    service,
    feed,
    setReceiptUrl(url) {
      if (!config.receiptUrl) receipt.url = url;
    },
    close: () => email?.close(),
  };
}
