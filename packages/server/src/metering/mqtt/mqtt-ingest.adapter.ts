import mqtt, { type IPublishPacket, type MqttClient } from 'mqtt';
import { isAppError, type Issue } from '@meterflow/core';
import { parseMeterTopic, subscriptionFilter } from '@meterflow/protocols/meter-message/index';
import type { IngestService } from '../ingest.service.ts';

/** Connection attempts are retried by the client every this many ms. */
export const MQTT_RECONNECT_MS = 2000;

export interface MqttIngestOptions {
  url: string;
  prefix: string;
  clientId: string;
  log: { info(o: object, m: string): void; warn(o: object, m: string): void; error(o: object, m: string): void };
}

/** Counters for status pages and tests. */
export interface MqttIngestStats {
  messages: number;
  stored: number;
  rejected: number;
  ignored: number;
  reads: number;
}

/**
 * Subscribes to the topic scheme (QoS 1) and stores each message before it is acknowledged, so a
 * crash before the store commits means redelivery, and redelivery is harmless (merges are idempotent).
 * A message that cannot be accepted is kept as a rejected row with every problem.
 */
export class MqttIngestAdapter {
  readonly stats: MqttIngestStats = { messages: 0, stored: 0, rejected: 0, ignored: 0, reads: 0 };
  private client: MqttClient | null = null;
  private readonly idle: (() => void)[] = [];
  private busy = 0;

  constructor(
    private readonly ingest: IngestService,
    private readonly options: MqttIngestOptions,
  ) {}

  async start(): Promise<void> {
    const client = await mqtt.connectAsync(this.options.url, {
      clientId: this.options.clientId,
      reconnectPeriod: MQTT_RECONNECT_MS,
      protocolVersion: 4,
    });
    client.on('error', (e) => this.options.log.error({ err: e }, 'MQTT ingestion client error'));
    client.handleMessage = (packet, done) => {
      this.busy++;
      this.handle(packet).then(
        () => this.finish(done),
        (e: unknown) => this.finish(done, e instanceof Error ? e : new Error(String(e))),
      );
    };
    await client.subscribeAsync(subscriptionFilter(this.options.prefix), { qos: 1 });
    this.client = client;
    this.options.log.info({ url: this.options.url, prefix: this.options.prefix }, 'MQTT ingestion subscribed');
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
    if (error) this.options.log.error({ err: error }, 'MQTT message not stored; the broker will redeliver it');
    done(error);
    if (this.busy === 0) for (const r of this.idle.splice(0)) r();
  }

  private async handle(packet: IPublishPacket): Promise<void> {
    this.stats.messages++;
    const topic = parseMeterTopic(packet.topic, this.options.prefix);
    if (!topic) {
      this.stats.ignored++;
      return;
    }
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    try {
      if (topic.kind === 'reads') {
        let msg: unknown;
        try {
          msg = JSON.parse(payload.toString('utf8'));
        } catch (e) {
          throw new BadMessage([{ path: 'byte 0', message: `not JSON: ${(e as Error).message}` }]);
        }
        const r = await this.ingest.ingestMessage(topic.meterId, msg, 'meter', 'mqtt');
        this.stats.reads += r.reads;
      } else {
        const meterId = topic.kind === 'interval' ? topic.meterId : undefined;
        const r = await this.ingest.ingestBatchPayload(payload, 'mqtt', meterId);
        this.stats.reads += r.reads;
      }
      this.stats.stored++;
    } catch (e) {
      const issues = e instanceof BadMessage ? e.issues : isRejection(e) ? [...e.details] : null;
      if (!issues) throw e;
      this.stats.rejected++;
      const raw = topic.kind === 'reads' ? payload.toString('utf8') : `base64:${payload.toString('base64')}`;
      await this.ingest.rejectMessage(
        'mqtt',
        packet.topic,
        raw,
        issues.length ? issues : [{ path: '/', message: String(e) }],
      );
      this.options.log.warn({ topic: packet.topic, issues: issues.slice(0, 5) }, 'MQTT message rejected and kept');
    }
  }
}

class BadMessage extends Error {
  constructor(readonly issues: Issue[]) {
    super(issues[0]?.message ?? 'bad message');
  }
}

/** Failures that are the message's fault (kept as rejects); anything else is ours and means redelivery. */
function isRejection(e: unknown): e is { details: readonly Issue[] } {
  return isAppError(e) && ['VALIDATION_FAILED', 'PAYLOAD_CORRUPT', 'PAYLOAD_TOO_LARGE'].includes(e.code);
}
