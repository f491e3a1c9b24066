import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';

export interface MqttLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface StoreThenAckOptions {
  url: string;
  clientId: string;
  /** Topic filter subscribed at QoS 1. */
  filter: string;
  reconnectMs: number;
  log: MqttLog;
  /** Names the subscription in log lines, e.g. "MQTT ingestion". */
  label: string;
}

/**
 * A QoS 1 subscription that acknowledges each message only after `handle` has resolved — that is,
 * after what it carries is stored. A crash before the commit means the broker redelivers, so the
 * handlers must make redelivery harmless. A handler that throws leaves the message unacknowledged.
 */
export class StoreThenAckSubscriber {
  private client: MqttClient | null = null;
  private readonly idle: (() => void)[] = [];
  private busy = 0;

  constructor(
    private readonly options: StoreThenAckOptions,
    private readonly handle: (packet: IPublishPacket) => Promise<void>,
  ) {}

  async start(): Promise<void> {
    const { url, clientId, reconnectMs, log, label, filter } = this.options;
    const client = await mqtt.connectAsync(url, { clientId, reconnectPeriod: reconnectMs, protocolVersion: 4 });
    client.on('error', (e) => log.error({ err: e }, `${label} client error`));
    client.handleMessage = (packet, done) => {
      this.busy++;
      this.handle(packet).then(
        () => this.finish(done),
        (e: unknown) => this.finish(done, e instanceof Error ? e : new Error(String(e))),
      );
    };
    await client.subscribeAsync(filter, { qos: 1 });
    this.client = client;
    log.info({ url, topic: filter }, `${label} subscribed`);
  }

  /** Resolves once every message received so far has been handled. */
  async drain(): Promise<void> {
    if (this.busy === 0) return;
    await new Promise<void>((resolve) => this.idle.push(resolve));
  }

  async stop(): Promise<void> {
    await this.drain();
    await this.client?.endAsync();
    this.client = null;
  }

  private finish(done: (e?: Error) => void, error?: Error): void {
    this.busy--;
    if (error)
      this.options.log.error({ err: error }, `${this.options.label}: message not stored; the broker will redeliver it`);
    done(error);
    if (this.busy === 0) for (const r of this.idle.splice(0)) r();
  }
}
