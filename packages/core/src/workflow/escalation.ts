import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import { SEVERITIES, type Severity } from '../alarms/severity.ts';
import type { BusinessCalendar } from './business-calendar.ts';
import { findOnDuty, type DutyShift } from './duty-roster.ts';
import { MS_PER_MINUTE, type TimeBasis } from './duration.ts';
import { DEFAULT_CHANNEL_POLICY, type ChannelPolicy, type NotificationIntent } from './notification-intent.ts';
import { stepWorkOrder, type WorkOrder } from './work-order.ts';

/** One link of the chain: if still unacknowledged `afterMinutes` after opening, `role` is brought in. */
export interface EscalationStep {
  role: string;
  afterMinutes: number;
  basis: TimeBasis;
}

/** Escalation as data: a chain per severity (the first step, after 0 minutes, is the first receiver). */
export interface EscalationPolicy {
  chains: Record<Severity, EscalationStep[]>;
  channels?: ChannelPolicy;
}

/** Every problem in an escalation policy at once. */
export function escalationPolicyIssues(p: EscalationPolicy): Issue[] {
  const issues: Issue[] = [];
  for (const sev of SEVERITIES) {
    const chain = p.chains?.[sev];
    if (!Array.isArray(chain) || chain.length === 0) {
      issues.push({ path: `/chains/${sev}`, message: 'must list at least one step' });
      continue;
    }
    chain.forEach((s, i) => {
      if (!s.role) issues.push({ path: `/chains/${sev}/${i}/role`, message: 'required' });
      if (!Number.isInteger(s.afterMinutes) || s.afterMinutes < 0)
        issues.push({ path: `/chains/${sev}/${i}/afterMinutes`, message: 'must be a whole number ≥ 0' });
      if (i > 0 && s.afterMinutes <= chain[i - 1].afterMinutes)
        issues.push({ path: `/chains/${sev}/${i}/afterMinutes`, message: 'must grow along the chain' });
      if (s.basis !== 'working' && s.basis !== 'calendar')
        issues.push({ path: `/chains/${sev}/${i}/basis`, message: 'must be working or calendar' });
    });
  }
  return issues;
}

/** Validates a policy, throwing every problem at once. */
export function parseEscalationPolicy(p: EscalationPolicy): EscalationPolicy {
  assertNoIssues(escalationPolicyIssues(p), 'escalation policy');
  return p;
}

/** An escalation's outcome: the order as it should now be stored, and whom to tell. */
export interface EscalationResult {
  order: WorkOrder;
  intents: NotificationIntent[];
}

/**
 * Escalates an unacknowledged order along its chain as far as the time waited allows. Every level
 * reached brings in the on-duty person for that role; the ones already told stay on it.
 */
export function escalateWorkOrder(
  order: WorkOrder,
  policy: EscalationPolicy,
  calendar: BusinessCalendar,
  roster: readonly DutyShift[],
  at: Date,
): EscalationResult {
  if (order.state !== 'open' || order.alarmClearedAt) return { order, intents: [] };
  const chain = policy.chains[order.severity];
  let w = order;
  const intents: NotificationIntent[] = [];
  for (let level = order.escalationLevel + 1; level < chain.length; level++) {
    const step = chain[level];
    const waited = calendar.elapsedMs(order.awaitingSince, at, step.basis);
    if (waited < step.afterMinutes * MS_PER_MINUTE) break;
    const person = findOnDuty(roster, { role: step.role, branchId: order.branchId }, at);
    w = stepWorkOrder(w, 'escalate', {
      by: 'system',
      at,
      escalationLevel: level,
      note: `unacknowledged ${Math.floor(waited / MS_PER_MINUTE)} min (${step.basis}); escalated to ${step.role} ${person?.staffId ?? '(nobody on duty)'}`,
    });
    if (person)
      intents.push(
        workOrderIntent(w, person.staffId, 'workOrder.escalated', policy.channels, {
          role: step.role,
          level: String(level),
        }),
      );
  }
  return { order: w, intents };
}

/** A notification intent about a work order, on the channels its severity calls for. */
export function workOrderIntent(
  w: WorkOrder,
  staffId: string,
  template: NotificationIntent['template'],
  channels: ChannelPolicy = DEFAULT_CHANNEL_POLICY,
  extra: Record<string, string> = {},
): NotificationIntent {
  return {
    recipientStaffId: staffId,
    channels: channels[w.severity],
    template,
    severity: w.severity,
    workOrderId: w.id,
    params: { titleZh: w.title.zh, titleEn: w.title.en, branchId: w.branchId ?? '', ...extra },
    dedupeKey: `${w.id}|${template}|${staffId}|${w.escalationLevel}|${w.reopenCount}`,
  };
}
