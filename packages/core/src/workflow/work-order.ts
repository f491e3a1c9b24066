import { AppError } from '../errors/error-codes.ts';
import type { Severity } from '../alarms/severity.ts';

export type WorkOrderState = 'open' | 'acknowledged' | 'inProgress' | 'resolved' | 'closed';
export type WorkOrderAction = 'acknowledge' | 'start' | 'resolve' | 'close' | 'reopen' | 'reassign' | 'escalate';

/** Root-cause categories offered when none are configured (check: align with the company's own list). */
export const DEFAULT_ROOT_CAUSES = [
  'meterHardware',
  'terminalHardware',
  'communication',
  'masterStation',
  'dataQuality',
  'customerSide',
  'tampering',
  'processDelay',
  'configuration',
  'external',
  'selfCleared',
  'other',
] as const;

export interface WorkOrderEvent {
  at: Date;
  action: WorkOrderAction | 'open';
  by: string;
  note?: string;
}

/** Work for people that an alarm needs (派工单), followed from opening to closing. */
export interface WorkOrder {
  id: string;
  alarmId: string;
  causeKey: string;
  severity: Severity;
  branchId?: string;
  skill: string;
  title: { zh: string; en: string };
  state: WorkOrderState;
  assigneeId?: string;
  /** Index in the escalation chain reached so far (0 = first receiver). */
  escalationLevel: number;
  openedAt: Date;
  /** When the current wait for acknowledgement began: opening, or the last reopening. */
  awaitingSince: Date;
  acknowledgedAt?: Date;
  resolvedAt?: Date;
  closedAt?: Date;
  rootCause?: string;
  resolutionNotes?: string;
  reopenCount: number;
  /** Set when the alarm behind the order cleared by itself: escalation stops, the order waits for a root cause. */
  alarmClearedAt?: Date;
  history: readonly WorkOrderEvent[];
}

/** Notes shorter than this are not an explanation. */
export const RESOLUTION_NOTES_MIN_CHARS = 4;
/** History kept on one order; older events are dropped first. */
export const WORK_ORDER_HISTORY_MAX = 200;

const ALLOWED: Record<WorkOrderAction, readonly WorkOrderState[]> = {
  acknowledge: ['open'],
  start: ['open', 'acknowledged'],
  resolve: ['acknowledged', 'inProgress'],
  close: ['resolved'],
  reopen: ['resolved', 'closed'],
  reassign: ['open', 'acknowledged', 'inProgress'],
  escalate: ['open'],
};

/** The details an action may need. */
export interface WorkOrderStep {
  by: string;
  at: Date;
  note?: string;
  rootCause?: string;
  assigneeId?: string;
  escalationLevel?: number;
}

/** Opens a work order. */
export function openWorkOrder(
  o: Omit<WorkOrder, 'state' | 'escalationLevel' | 'awaitingSince' | 'reopenCount' | 'history'>,
): WorkOrder {
  return {
    ...o,
    state: 'open',
    escalationLevel: 0,
    awaitingSince: o.openedAt,
    reopenCount: 0,
    history: [
      {
        at: o.openedAt,
        action: 'open',
        by: 'system',
        note: o.assigneeId ? `assigned to ${o.assigneeId}` : 'unassigned',
      },
    ],
  };
}

/** Applies one action, refusing it when the state does not allow it or a resolution lacks its root cause and notes. */
export function stepWorkOrder(
  w: WorkOrder,
  action: WorkOrderAction,
  step: WorkOrderStep,
  rootCauses: readonly string[] = DEFAULT_ROOT_CAUSES,
): WorkOrder {
  if (!ALLOWED[action].includes(w.state)) {
    throw new AppError('STATE_INVALID', `work order ${w.id}: cannot ${action} when ${w.state}`);
  }
  const history = [...w.history, { at: step.at, action, by: step.by, note: step.note }].slice(-WORK_ORDER_HISTORY_MAX);
  const next: WorkOrder = { ...w, history };
  switch (action) {
    case 'acknowledge':
      return {
        ...next,
        state: 'acknowledged',
        acknowledgedAt: w.acknowledgedAt ?? step.at,
        assigneeId: w.assigneeId ?? step.by,
      };
    case 'start':
      return {
        ...next,
        state: 'inProgress',
        acknowledgedAt: w.acknowledgedAt ?? step.at,
        assigneeId: w.assigneeId ?? step.by,
      };
    case 'resolve': {
      const issues = [];
      if (!step.rootCause || !rootCauses.includes(step.rootCause)) {
        issues.push({ path: '/rootCause', message: `must be one of ${rootCauses.join(', ')}` });
      }
      if ((step.note ?? '').trim().length < RESOLUTION_NOTES_MIN_CHARS) {
        issues.push({
          path: '/note',
          message: `resolution notes of at least ${RESOLUTION_NOTES_MIN_CHARS} characters are required`,
        });
      }
      if (issues.length > 0)
        throw new AppError('VALIDATION_FAILED', `work order ${w.id}: resolution incomplete`, issues);
      return { ...next, state: 'resolved', resolvedAt: step.at, rootCause: step.rootCause, resolutionNotes: step.note };
    }
    case 'close':
      return { ...next, state: 'closed', closedAt: step.at };
    case 'reopen':
      return {
        ...next,
        state: 'open',
        awaitingSince: step.at,
        escalationLevel: 0,
        reopenCount: w.reopenCount + 1,
        resolvedAt: undefined,
        closedAt: undefined,
        alarmClearedAt: undefined,
      };
    case 'reassign':
      return { ...next, assigneeId: step.assigneeId };
    case 'escalate':
      return {
        ...next,
        escalationLevel: step.escalationLevel ?? w.escalationLevel + 1,
        assigneeId: step.assigneeId ?? w.assigneeId,
      };
  }
}
