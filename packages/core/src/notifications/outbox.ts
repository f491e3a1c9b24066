import type { TemplateId } from './message-templates.ts';
import type { ChannelKind, Locale } from './notification-channel.ts';

export type OutboxStatus = 'pending' | 'sent' | 'dead';

/** A message waiting to go out, or the record that it went (the outbox pattern: written with the change that caused it). */
export interface OutboxItem {
  id: string;
  /** Same key within the de-duplication window = the same message (e.g. `warn:ACC:2024-05-08`). */
  dedupKey: string;
  /** Whose rate limit and quiet hours apply: a customer or a staff member. */
  personId: string;
  channel: ChannelKind;
  recipient: string;
  locale: Locale;
  templateId: TemplateId;
  params: Readonly<Record<string, string | number>>;
  /** Urgent messages (staff alarms, a trip that happened) ignore quiet hours and rate limits. */
  priority: 'normal' | 'urgent';
  createdAt: string;
  status: OutboxStatus;
  attempts: number;
  /** Earliest instant of the next attempt. */
  notBefore: string;
  sentAt?: string;
  lastError?: string;
}

export interface OutboxPolicy {
  dedupWindowMs: number;
  maxAttempts: number;
  backoffBaseMs: number;
  backoffMaxMs: number;
  /** Normal messages per person per window. */
  ratePerPerson: { max: number; windowMs: number };
  /** Channels that never disturb (an in-app inbox, e-mail) and so ignore quiet hours. */
  quietExemptChannels: readonly ChannelKind[];
  /** Most items one dispatch round hands to the adapters. */
  maxBatch: number;
}

export const DEFAULT_OUTBOX_POLICY: OutboxPolicy = Object.freeze<OutboxPolicy>({
  dedupWindowMs: 24 * 3_600_000,
  maxAttempts: 5,
  backoffBaseMs: 30_000,
  backoffMaxMs: 3_600_000,
  ratePerPerson: { max: 5, windowMs: 24 * 3_600_000 },
  quietExemptChannels: ['in_app', 'email'],
  maxBatch: 500,
});

export type NewOutboxMessage = Omit<
  OutboxItem,
  'createdAt' | 'status' | 'attempts' | 'notBefore' | 'sentAt' | 'lastError'
>;

/** Adds a message unless one with the same de-duplication key was created within the window. */
export function enqueueMessage(
  outbox: readonly OutboxItem[],
  message: NewOutboxMessage,
  now: Date,
  policy: OutboxPolicy = DEFAULT_OUTBOX_POLICY,
): { item: OutboxItem; duplicate: boolean } {
  const since = now.getTime() - policy.dedupWindowMs;
  const existing = outbox.find((o) => o.dedupKey === message.dedupKey && Date.parse(o.createdAt) > since);
  if (existing) return { item: existing, duplicate: true };
  const at = now.toISOString();
  return { item: { ...message, createdAt: at, status: 'pending', attempts: 0, notBefore: at }, duplicate: false };
}

/** Wait before attempt n+1 after n failures: base × 2^(n−1), capped. */
export function backoffMs(failures: number, policy: OutboxPolicy): number {
  return Math.min(policy.backoffMaxMs, policy.backoffBaseMs * 2 ** Math.max(0, failures - 1));
}
