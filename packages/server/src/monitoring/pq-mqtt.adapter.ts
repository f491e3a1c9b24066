import { randomUUID } from 'node:crypto';
import type { IPublishPacket } from 'mqtt';
import { StoreThenAckSubscriber } from '../mqtt/store-then-ack-subscriber.ts';
import { isAppError, type Clock, type Issue } from '@meterflow/core';
import type { Store } from '@meterflow/store';
import { PQ_MESSAGE_BYTES_MAX, PQ_MQTT_RECONNECT_MS, PQ_REJECT_RAW_CHARS_MAX } from './monitoring-limits.ts';
import { parsePqTopic, pqSubscription, DEFAULT_PQ_TOPIC_PREFIX } from './pq-topics.ts';
import type { PqSummaryMessage, PqSummaryService } from './pq-summary.service.ts';

/** Where refused PQ messages are kept: metering's ingest_batches / ingest_rejects, under this source. */
export const PQ_REJECT_SOURCE = 'mqtt-pq';

export interface PqMqttLog {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
  error(obj: object, msg: string): void;
}

export interface PqMqttOptions {
  url: string;
  clientId: string;
  prefix?: string;
  log: PqMqttLog;
}

/** Counters for status pages and tests. */
export interface PqMqttStats {
  messages: number;
  stored: number;
  rejected: number;
}

/**
 * Subscribes to `{prefix}/pq/+/summary` (QoS 1) and stores each message before it is acknowledged,
 * so a crash before the commit means redelivery, and redelivery is harmless (summaries upsert,
 * events already stored are skipped). A message that cannot be accepted is not dropped: it is kept
 * whole with every problem as a rejected row (source `mqtt-pq`, the topic as its name).
 */
export class PqMqttAdapter {
  readonly stats: PqMqttStats = { messages: 0, stored: 0, rejected: 0 };
  private readonly prefix: string;
  private readonly subscriber: StoreThenAckSubscriber;

  constructor(
    private readonly service: PqSummaryService,
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly options: PqMqttOptions,
  ) {
    this.prefix = options.prefix ?? DEFAULT_PQ_TOPIC_PREFIX;
    this.subscriber = new StoreThenAckSubscriber(
      {
        url: options.url,
        clientId: options.clientId,
        filter: pqSubscription(this.prefix),
        reconnectMs: PQ_MQTT_RECONNECT_MS,
        log: options.log,
        label: 'PQ summaries',
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
    const payload = typeof packet.payload === 'string' ? Buffer.from(packet.payload) : packet.payload;
    const issues = await this.ingest(packet.topic, payload);
    if (!issues) {
      this.stats.stored++;
      return;
    }
    this.stats.rejected++;
    await this.store.metering.batches.record(
      {
        id: `ib-${randomUUID()}`,
        source: PQ_REJECT_SOURCE,
        name: packet.topic,
        receivedAt: this.clock.now().toISOString(),
        receivedBy: null,
        rowsRead: 1,
        rowsAccepted: 0,
        rowsRejected: 1,
        readsStored: 0,
      },
      [{ line: 1, raw: payload.toString('utf8').slice(0, PQ_REJECT_RAW_CHARS_MAX), errors: issues }],
    );
    this.options.log.warn({ topic: packet.topic, issues: issues.slice(0, 5) }, 'PQ message rejected and kept');
  }

  /** Stores one message; the problems that make it the message's fault, or null when stored. Anything else throws. */
  private async ingest(topic: string, payload: Buffer): Promise<Issue[] | null> {
    const subject = parsePqTopic(topic, this.prefix);
    if (!subject)
      return [
        { path: 'topic', message: `not ${this.prefix}/pq/{subjectId}/summary with an id of 1–32 of [0-9A-Za-z_-]` },
      ];
    if (payload.length > PQ_MESSAGE_BYTES_MAX)
      return [{ path: 'byte 0', message: `larger than ${PQ_MESSAGE_BYTES_MAX} bytes` }];
    let message: unknown;
    try {
      message = JSON.parse(payload.toString('utf8'));
    } catch (e) {
      return [{ path: 'byte 0', message: `not JSON: ${(e as Error).message}` }];
    }
    if (typeof message !== 'object' || message === null || Array.isArray(message))
      return [{ path: '/', message: 'must be a JSON object' }];
    try {
      await this.service.ingest(subject, message as PqSummaryMessage);
      return null;
    } catch (e) {
      if (isAppError(e) && e.code === 'VALIDATION_FAILED')
        return e.details.length ? [...e.details] : [{ path: '/', message: e.message }];
      throw e;
    }
  }
}
