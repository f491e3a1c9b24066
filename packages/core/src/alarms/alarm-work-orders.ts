import type { BusinessCalendar } from '../workflow/business-calendar.ts';
import type { DutyShift } from '../workflow/duty-roster.ts';
import { escalateWorkOrder, workOrderIntent, type EscalationPolicy } from '../workflow/escalation.ts';
import type { NotificationIntent } from '../workflow/notification-intent.ts';
import { assignWork, type AssignmentRule } from '../workflow/work-order-assignment.ts';
import { openWorkOrder, stepWorkOrder, type WorkOrder } from '../workflow/work-order.ts';
import type { AlarmConfig } from './alarm-config.ts';
import type { AlarmDecision, AlarmRecord } from './alarm-record.ts';
import { severityRank } from './severity.ts';

/** How alarms become people's work: assignment rules, roster, escalation chains, calendar. */
export interface WorkPolicy {
  assignment: readonly AssignmentRule[];
  roster: readonly DutyShift[];
  escalation: EscalationPolicy;
  calendar: BusinessCalendar;
}

/** Orders to insert or replace (by id), and what to tell whom. */
export interface WorkOrderPlan {
  orders: WorkOrder[];
  intents: NotificationIntent[];
}

function needsWork(config: AlarmConfig, a: AlarmRecord): { skill: string } | undefined {
  const wo = config.rules.find((r) => r.data.id === a.ruleId)?.data.workOrder;
  if (!wo) return undefined;
  return severityRank(a.severity) >= severityRank(wo.minSeverity ?? 'info') ? wo : undefined;
}

/**
 * Turns a sweep's alarm decisions into work: opens an order for a new alarm that needs people,
 * reopens the order of a reopened alarm, and tells the assignee when the alarm cleared by itself
 * (the order stays for a person to resolve with a root cause). `orders` holds each alarm's latest order.
 */
export function planWorkOrders(
  config: AlarmConfig,
  decisions: readonly AlarmDecision[],
  orders: ReadonlyMap<string, WorkOrder>,
  policy: WorkPolicy,
  at: Date,
): WorkOrderPlan {
  const out: WorkOrderPlan = { orders: [], intents: [] };
  const channels = policy.escalation.channels;
  for (const d of decisions) {
    const a = d.alarm;
    const existing = orders.get(a.id);
    if (d.action === 'resolve') {
      if (existing && existing.state !== 'resolved' && existing.state !== 'closed') {
        out.orders.push({ ...existing, alarmClearedAt: at });
        if (existing.assigneeId)
          out.intents.push(workOrderIntent(existing, existing.assigneeId, 'workOrder.alarmCleared', channels));
      }
      continue;
    }
    const need = needsWork(config, a);
    if (!need || !d.notify) continue;
    if (existing && (existing.state === 'resolved' || existing.state === 'closed')) {
      const reopened = stepWorkOrder(existing, 'reopen', { by: 'system', at, note: 'alarm returned' });
      out.orders.push(reopened);
      if (reopened.assigneeId)
        out.intents.push(workOrderIntent(reopened, reopened.assigneeId, 'workOrder.reopened', channels));
      continue;
    }
    if (existing) {
      if (existing.alarmClearedAt) out.orders.push({ ...existing, alarmClearedAt: undefined });
      continue;
    }
    const who = assignWork(
      policy.assignment,
      policy.roster,
      { skill: need.skill, branchId: a.branchId, severity: a.severity },
      at,
    );
    const order = openWorkOrder({
      id: `wo:${a.id}`,
      alarmId: a.id,
      causeKey: a.causeKey,
      severity: a.severity,
      branchId: who.branchId,
      skill: need.skill,
      title: { zh: a.diagnosis.zh, en: a.diagnosis.en },
      assigneeId: who.staffId,
      openedAt: at,
    });
    out.orders.push(order);
    if (who.staffId) out.intents.push(workOrderIntent(order, who.staffId, 'workOrder.assigned', channels));
  }
  return out;
}

/** Escalates every unacknowledged order that has waited long enough; returns only the changed ones. */
export function escalateWorkOrders(orders: Iterable<WorkOrder>, policy: WorkPolicy, at: Date): WorkOrderPlan {
  const out: WorkOrderPlan = { orders: [], intents: [] };
  for (const w of orders) {
    const r = escalateWorkOrder(w, policy.escalation, policy.calendar, policy.roster, at);
    if (r.order !== w) out.orders.push(r.order);
    out.intents.push(...r.intents);
  }
  return out;
}
