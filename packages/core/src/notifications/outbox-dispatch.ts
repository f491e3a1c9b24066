import type { DeliveryResult } from './notification-channel.ts';
import { backoffMs, DEFAULT_OUTBOX_POLICY, type OutboxItem, type OutboxPolicy } from './outbox.ts';
import { inQuietHours, quietHoursEnd, type QuietHours } from './quiet-hours.ts';

export interface Deferral {
  id: string;
  until: string;
  reason: 'quiet_hours' | 'rate_limited';
}

export interface DispatchDecision {
  send: OutboxItem[];
  /** Items due but held back, with when to look again; the caller stores `until` as `notBefore`. */
  deferred: Deferral[];
}

/**
 * What to send now, given the outbox and the clock: due pending items, urgent first then oldest,
 * held back by the person's quiet hours (unless the channel never disturbs) and rate limit.
 */
export function decideDispatch(
  outbox: readonly OutboxItem[],
  now: Date,
  quietHoursOf: (personId: string) => QuietHours | null,
  policy: OutboxPolicy = DEFAULT_OUTBOX_POLICY,
  zone?: string,
): DispatchDecision {
  const t = now.getTime();
  const windowStart = t - policy.ratePerPerson.windowMs;
  const recent = new Map<string, number[]>();
  for (const o of outbox) {
    if (o.status === 'sent' && o.priority === 'normal' && o.sentAt && Date.parse(o.sentAt) > windowStart) {
      const list = recent.get(o.personId) ?? [];
      list.push(Date.parse(o.sentAt));
      recent.set(o.personId, list);
    }
  }
  const due = outbox
    .filter((o) => o.status === 'pending' && Date.parse(o.notBefore) <= t)
    .sort((a, b) =>
      a.priority !== b.priority ? (a.priority === 'urgent' ? -1 : 1) : a.createdAt.localeCompare(b.createdAt),
    );
  const decision: DispatchDecision = { send: [], deferred: [] };
  for (const item of due) {
    if (decision.send.length >= policy.maxBatch) break;
    if (item.priority === 'urgent') {
      decision.send.push(item);
      continue;
    }
    const quiet = policy.quietExemptChannels.includes(item.channel) ? null : quietHoursOf(item.personId);
    if (inQuietHours(now, quiet, zone)) {
      decision.deferred.push({
        id: item.id,
        until: quietHoursEnd(now, quiet, zone).toISOString(),
        reason: 'quiet_hours',
      });
      continue;
    }
    const sent = recent.get(item.personId) ?? [];
    if (sent.length >= policy.ratePerPerson.max) {
      const until = Math.min(...sent) + policy.ratePerPerson.windowMs;
      decision.deferred.push({ id: item.id, until: new Date(until).toISOString(), reason: 'rate_limited' });
      continue;
    }
    sent.push(t);
    recent.set(item.personId, sent);
    decision.send.push(item);
  }
  return decision;
}

/** The item after an adapter's answer: sent, retried later with backoff, or dead. */
export function applyDelivery(
  item: OutboxItem,
  result: DeliveryResult,
  now: Date,
  policy: OutboxPolicy = DEFAULT_OUTBOX_POLICY,
): OutboxItem {
  const attempts = item.attempts + 1;
  if (result.ok) return { ...item, attempts, status: 'sent', sentAt: now.toISOString(), lastError: undefined };
  if (!result.retryable || attempts >= policy.maxAttempts)
    return { ...item, attempts, status: 'dead', lastError: result.error };
  return {
    ...item,
    attempts,
    lastError: result.error,
    notBefore: new Date(now.getTime() + backoffMs(attempts, policy)).toISOString(),
  };
}
