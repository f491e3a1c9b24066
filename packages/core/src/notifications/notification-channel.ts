/** The ways a message reaches a person. */
export type ChannelKind = 'in_app' | 'sms' | 'voice' | 'email';

export const CHANNEL_KINDS: readonly ChannelKind[] = ['in_app', 'sms', 'voice', 'email'];

export type Locale = 'zh-CN' | 'en';

/** A rendered message ready for one channel and one recipient. */
export interface OutboundMessage {
  /** The outbox item id; adapters pass it to providers that de-duplicate on their side. */
  id: string;
  channel: ChannelKind;
  /** Phone number, e-mail address or user id, as the channel needs. */
  recipient: string;
  locale: Locale;
  subject: string;
  body: string;
}

/** What an adapter reports back; `retryable` tells a busy provider from a rejected number. */
export type DeliveryResult = { ok: true; providerMessageId: string } | { ok: false; retryable: boolean; error: string };

/**
 * The port every notification adapter implements (SMS gateway, voice robot, SMTP, in-app inbox).
 * Adapters live in the server; core decides what to send and when.
 */
export interface NotificationChannel {
  readonly kind: ChannelKind;
  send(message: OutboundMessage): Promise<DeliveryResult>;
}
