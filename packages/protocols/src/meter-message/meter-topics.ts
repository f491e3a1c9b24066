/**
 * The MQTT topic scheme of MeterFlow ingestion (QoS 1; a duplicate delivery changes nothing):
 *
 * | topic | payload |
 * |---|---|
 * | `{prefix}/meters/{meterId}/interval` | MFIB interval batch; every block must belong to `meterId` |
 * | `{prefix}/meters/{meterId}/reads` | JSON meter reading message (intervals, registers, freezes, events) |
 * | `{prefix}/batch` | MFIB interval batch for any meters (a head end or concentrator) |
 *
 * `prefix` defaults to `meterflow/v1`. Meter ids are 1–32 characters of `[0-9A-Za-z_-]`.
 */
export const DEFAULT_TOPIC_PREFIX = 'meterflow/v1';
export const METER_ID_PATTERN = /^[0-9A-Za-z_-]{1,32}$/;

export type MeterTopic = { kind: 'interval'; meterId: string } | { kind: 'reads'; meterId: string } | { kind: 'batch' };

/** The topic a meter publishes interval batches on. */
export function intervalTopic(meterId: string, prefix = DEFAULT_TOPIC_PREFIX): string {
  return `${prefix}/meters/${meterId}/interval`;
}

/** The topic a meter publishes JSON reading messages on. */
export function readsTopic(meterId: string, prefix = DEFAULT_TOPIC_PREFIX): string {
  return `${prefix}/meters/${meterId}/reads`;
}

/** The topic a head end publishes multi-meter interval batches on. */
export function batchTopic(prefix = DEFAULT_TOPIC_PREFIX): string {
  return `${prefix}/batch`;
}

/** The subscription that covers every topic of the scheme. */
export function subscriptionFilter(prefix = DEFAULT_TOPIC_PREFIX): string {
  return `${prefix}/#`;
}

/** Reads a topic of the scheme; null for anything else (which the adapter counts and ignores). */
export function parseMeterTopic(topic: string, prefix = DEFAULT_TOPIC_PREFIX): MeterTopic | null {
  if (!topic.startsWith(`${prefix}/`)) return null;
  const parts = topic.slice(prefix.length + 1).split('/');
  if (parts.length === 1 && parts[0] === 'batch') return { kind: 'batch' };
  if (parts.length !== 3 || parts[0] !== 'meters' || !METER_ID_PATTERN.test(parts[1])) return null;
  if (parts[2] === 'interval') return { kind: 'interval', meterId: parts[1] };
  if (parts[2] === 'reads') return { kind: 'reads', meterId: parts[1] };
  return null;
}
