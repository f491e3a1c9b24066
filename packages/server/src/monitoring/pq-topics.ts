import { PQ_TOPIC_SEGMENT } from './monitoring-limits.ts';

/**
 * PQ monitors and meters publish 10-minute summaries (and events) as JSON on
 * `{prefix}/pq/{subjectId}/summary`, beside metering's `{prefix}/meters/{meterId}/…` (docs/metering.md);
 * `prefix` is the same `meterflow/v1`. A subject id is a monitor id or a meter address.
 */
export const DEFAULT_PQ_TOPIC_PREFIX = 'meterflow/v1';
const SUBJECT_ID = /^[0-9A-Za-z_-]{1,32}$/;

export const pqSummaryTopic = (subjectId: string, prefix = DEFAULT_PQ_TOPIC_PREFIX): string =>
  `${prefix}/${PQ_TOPIC_SEGMENT}/${subjectId}/summary`;

/** The subscription for every subject's summaries. */
export const pqSubscription = (prefix = DEFAULT_PQ_TOPIC_PREFIX): string => `${prefix}/${PQ_TOPIC_SEGMENT}/+/summary`;

/** The subject of a summary topic, or null for any other topic. */
export function parsePqTopic(topic: string, prefix = DEFAULT_PQ_TOPIC_PREFIX): string | null {
  if (!topic.startsWith(`${prefix}/`)) return null;
  const parts = topic.slice(prefix.length + 1).split('/');
  if (parts.length !== 3 || parts[0] !== PQ_TOPIC_SEGMENT || parts[2] !== 'summary' || !SUBJECT_ID.test(parts[1]))
    return null;
  return parts[1];
}
