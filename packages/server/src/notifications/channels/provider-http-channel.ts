import type {
  ChannelKind,
  DeliveryResult,
  NotificationChannel,
  OutboundMessage,
} from '@meterflow/core/notifications/notification-channel';

/** Longest wait for the provider's answer; a slow provider is retried later, never waited on. */
export const PROVIDER_TIMEOUT_MS = 5_000;

export interface ProviderHttpOptions {
  /** Base URL of the provider (the simulator in the demo and in tests). */
  baseUrl: string;
  /** Where the provider posts delivery receipts (our /api/notifications/receipts). */
  callbackUrl: string;
  timeoutMs?: number;
}

/**
 * An SMS gateway or voice-call robot spoken to over HTTP (`POST {base}/v1/{sms|voice}`). A 4xx
 * answer is final (bad number, text refused); 5xx, a timeout or a lost connection is retryable.
 * The outbox id goes along as `clientRef`, so a retry after a lost answer is not sent twice.
 */
export class ProviderHttpChannel implements NotificationChannel {
  constructor(
    readonly kind: Extract<ChannelKind, 'sms' | 'voice'>,
    private readonly options: ProviderHttpOptions,
  ) {}

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    if (message.recipient.trim() === '') return { ok: false, retryable: false, error: 'no recipient' };
    const text = this.kind === 'sms' ? `【MeterFlow】${message.body}` : message.body;
    let res: Response;
    try {
      res = await fetch(`${this.options.baseUrl}/v1/${this.kind}`, {
        method: 'POST',
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          to: message.recipient,
          text,
          clientRef: message.id,
          callbackUrl: this.options.callbackUrl,
        }),
        signal: AbortSignal.timeout(this.options.timeoutMs ?? PROVIDER_TIMEOUT_MS),
      });
    } catch (e) {
      return {
        ok: false,
        retryable: true,
        error: `provider unreachable: ${e instanceof Error ? e.message : String(e)}`,
      };
    }
    const body = (await res.json().catch(() => ({}))) as { messageId?: string; error?: string };
    if (res.ok && body.messageId) return { ok: true, providerMessageId: body.messageId };
    return {
      ok: false,
      retryable: res.status >= 500 || res.status === 429,
      error: `provider answered ${res.status}: ${body.error ?? 'no message id'}`,
    };
  }
}

/** The SMS adapter. */
export const smsChannel = (o: ProviderHttpOptions) => new ProviderHttpChannel('sms', o);
/** The voice-call adapter (a robot reads the body out). */
export const voiceChannel = (o: ProviderHttpOptions) => new ProviderHttpChannel('voice', o);
