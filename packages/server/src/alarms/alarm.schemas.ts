import { Type } from 'typebox';
import { SEVERITIES } from '@meterflow/core/alarms/severity';
import { CYCLE_STAGES } from '@meterflow/core/workflow/billing-cycle';

const Nullable = <T extends Parameters<typeof Type.Union>[0][number]>(t: T) => Type.Union([t, Type.Null()]);
export const SeveritySchema = Type.Union(SEVERITIES.map((s) => Type.Literal(s)));
export const WORK_ORDER_STATES = ['open', 'acknowledged', 'inProgress', 'resolved', 'closed'] as const;

/** Response schemas of the alarm and work-order routes; the web console relies on these shapes. */
export const AlarmView = Type.Object(
  {
    id: Type.String(),
    causeKey: Type.String(),
    ruleId: Type.String(),
    kind: Type.String(),
    subjectKind: Type.String(),
    subjectId: Type.String(),
    branchId: Nullable(Type.String()),
    labels: Type.Record(Type.String(), Type.String()),
    severity: SeveritySchema,
    status: Type.Union([Type.Literal('open'), Type.Literal('resolved')]),
    firstRaisedAt: Type.String({ format: 'date-time' }),
    openedAt: Type.String({ format: 'date-time' }),
    lastSeenAt: Type.String({ format: 'date-time' }),
    count: Type.Integer(),
    value: Type.Number(),
    diagnosis: Type.Object({ category: Type.String(), zh: Type.String(), en: Type.String() }),
    flapping: Type.Boolean(),
    resolvedAt: Nullable(Type.String({ format: 'date-time' })),
    resolution: Nullable(Type.String()),
    acknowledgedAt: Nullable(Type.String({ format: 'date-time' })),
    acknowledgedBy: Nullable(Type.String()),
    resolvedBy: Nullable(Type.String()),
    rootCause: Nullable(Type.String()),
    resolutionNote: Nullable(Type.String()),
  },
  { $id: 'AlarmView' },
);

export const WorkOrderView = Type.Object(
  {
    id: Type.String(),
    alarmId: Type.String(),
    causeKey: Type.String(),
    severity: SeveritySchema,
    branchId: Nullable(Type.String()),
    skill: Type.String(),
    title: Type.Object({ zh: Type.String(), en: Type.String() }),
    state: Type.Union(WORK_ORDER_STATES.map((s) => Type.Literal(s))),
    assigneeId: Nullable(Type.String()),
    escalationLevel: Type.Integer(),
    openedAt: Type.String({ format: 'date-time' }),
    awaitingSince: Type.String({ format: 'date-time' }),
    acknowledgedAt: Nullable(Type.String({ format: 'date-time' })),
    resolvedAt: Nullable(Type.String({ format: 'date-time' })),
    closedAt: Nullable(Type.String({ format: 'date-time' })),
    rootCause: Nullable(Type.String()),
    resolutionNotes: Nullable(Type.String()),
    reopenCount: Type.Integer(),
    alarmClearedAt: Nullable(Type.String({ format: 'date-time' })),
    history: Type.Array(
      Type.Object({ at: Type.String(), action: Type.String(), by: Type.String(), note: Nullable(Type.String()) }),
    ),
  },
  { $id: 'WorkOrderView' },
);

const Duration = Type.Object({ amount: Type.Number(), unit: Type.String(), basis: Type.String() });

export const CycleTimelineView = Type.Object(
  {
    readingBookId: Type.String(),
    cycle: Type.String(),
    branchId: Type.String(),
    customerClass: Type.String(),
    openedAt: Type.String({ format: 'date-time' }),
    stages: Type.Array(
      Type.Object({
        stage: Type.Union(CYCLE_STAGES.map((s) => Type.Literal(s))),
        status: Type.String(),
        finished: Type.Boolean(),
        clockStartedAt: Nullable(Type.String()),
        deadline: Nullable(Type.String()),
        limit: Nullable(Duration),
        lateMinutes: Type.Integer(),
        usedShare: Type.Number(),
        startedAt: Nullable(Type.String()),
        endedAt: Nullable(Type.String()),
        actor: Nullable(Type.String()),
        outcome: Nullable(Type.String()),
        attempts: Type.Integer(),
      }),
    ),
  },
  { $id: 'CycleTimelineView' },
);

const SweptAlarm = Type.Object({
  id: Type.String(),
  ruleId: Type.String(),
  kind: Type.String(),
  subjectId: Type.String(),
  severity: Type.String(),
});

export const SweepSummaryView = Type.Object(
  {
    at: Type.String({ format: 'date-time' }),
    meters: Type.Integer(),
    cycles: Type.Integer(),
    rulesEvaluated: Type.Integer(),
    conditions: Type.Integer(),
    suppressed: Type.Integer(),
    raised: Type.Integer(),
    updated: Type.Integer(),
    reopened: Type.Integer(),
    held: Type.Integer(),
    resolved: Type.Integer(),
    workOrdersOpened: Type.Integer(),
    workOrdersChanged: Type.Integer(),
    escalated: Type.Integer(),
    notifications: Type.Integer(),
    alarms: Type.Object({
      raised: Type.Array(SweptAlarm),
      updated: Type.Array(SweptAlarm),
      reopened: Type.Array(SweptAlarm),
      resolved: Type.Array(SweptAlarm),
    }),
    ms: Type.Object({ read: Type.Number(), evaluate: Type.Number(), write: Type.Number(), total: Type.Number() }),
  },
  { $id: 'SweepSummaryView' },
);

export const alarmSchemas = [AlarmView, WorkOrderView, CycleTimelineView, SweepSummaryView];
