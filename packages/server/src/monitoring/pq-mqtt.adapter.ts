import { isAppError } from '@meterflow/core';
import type { MqttClient } from 'mqtt';
import { parsePqTopic, pqSubscription, DEFAULT_PQ_TOPIC_PREFIX } from './pq-topics.ts';
import type { PqSummaryMessage, PqSummaryService } from './pq-summary.service.ts';

export interface PqMqttLog {
  warn(obj: object, msg: string): void;
}

/** Handles one message: stores it, or logs why it was refused (a bad message never stops the stream). */
export async function handlePqMessage(
  service: PqSummaryService,
  topic: string,
  payload: Buffer,
  log: PqMqttLog,
  prefix = DEFAULT_PQ_TOPIC_PREFIX,
): Promise<boolean> {
  const subject = parsePqTopic(topic, prefix);
  if (!subject) return false;
  try {
    await service.ingest(subject, JSON.parse(payload.toString('utf8')) as PqSummaryMessage);
    return true;
  } catch (e) {
    const details = isAppError(e) ? e.details.slice(0, 5) : [{ path: '', message: (e as Error).message }];
    log.warn({ topic, details }, 'PQ summary message refused');
    return false;
  }
}

/** Subscribes a connected client to PQ summaries (QoS 1) and stores each message as it comes. */
export async function subscribePqSummaries(
  client: MqttClient,
  service: PqSummaryService,
  log: PqMqttLog,
  prefix = DEFAULT_PQ_TOPIC_PREFIX,
): Promise<void> {
  client.on('message', (topic, payload) => {
    if (parsePqTopic(topic, prefix)) void handlePqMessage(service, topic, payload, log, prefix);
  });
  await client.subscribeAsync(pqSubscription(prefix), { qos: 1 });
}
