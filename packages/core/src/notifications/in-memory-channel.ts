import type { ChannelKind, DeliveryResult, NotificationChannel, OutboundMessage } from './notification-channel.ts';

/** A channel that keeps what it was given: the reference adapter for tests, demos and the contract suite. */
export class InMemoryChannel implements NotificationChannel {
  readonly delivered: OutboundMessage[] = [];
  private seq = 0;

  constructor(
    readonly kind: ChannelKind,
    /** Decides per message whether the fake provider fails; default always accepts. */
    private readonly failWith: (m: OutboundMessage) => DeliveryResult | null = () => null,
  ) {}

  async send(message: OutboundMessage): Promise<DeliveryResult> {
    if (message.recipient.trim() === '') return { ok: false, retryable: false, error: 'no recipient' };
    const failure = this.failWith(message);
    if (failure) return failure;
    this.delivered.push(message);
    this.seq += 1;
    return { ok: true, providerMessageId: `${this.kind}-${this.seq}` };
  }
}
