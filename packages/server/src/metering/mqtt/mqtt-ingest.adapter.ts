import type { IPublishPacket } from 'mqtt';
import { StoreThenAckSubscriber } from '../../mqtt/store-then-ack-subscriber.ts';
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
  private readonly subscriber: StoreThenAckSubscriber;

  constructor(
    private readonly ingest: IngestService,
    private readonly options: MqttIngestOptions,
  ) {
    this.subscriber = new StoreThenAckSubscriber(
      {
        url: options.url,
        clientId: options.clientId,
        filter: subscriptionFilter(options.prefix),
        reconnectMs: MQTT_RECONNECT_MS,
        log: options.log,
        label: 'MQTT ingestion',
      },
      (packet) => this.handle(packet),
    );
  }

  async start(): Promise<void> {
    await this.subscriber.start();
  }

  /** Resolves once every message received so far has been handled. */
  drain(): Promise<void> {
    return this.subscriber.drain();
  }

  stop(): Promise<void> {
    return this.subscriber.stop();
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
