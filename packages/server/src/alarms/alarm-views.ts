/** Alarms and work orders as the HTTP API shows them (ISO instants, nulls instead of absences). */
import type { WorkOrder } from '@meterflow/core/workflow/work-order';
import type { StageEvaluation } from '@meterflow/core/workflow/stage-evaluator';
import type { BillingCycle } from '@meterflow/core/workflow/billing-cycle';
import type { AlarmEvent, StoredAlarm } from '@meterflow/store';

const iso = (d: Date | undefined) => (d ? d.toISOString() : null);

export function alarmView(a: StoredAlarm) {
  return {
    id: a.id,
    causeKey: a.causeKey,
    ruleId: a.ruleId,
    kind: a.kind,
    subjectKind: a.subjectKind,
    subjectId: a.subjectId,
    branchId: a.branchId ?? null,
    labels: { ...a.labels },
    severity: a.severity,
    status: a.status,
    firstRaisedAt: a.firstRaisedAt.toISOString(),
    openedAt: a.openedAt.toISOString(),
    lastSeenAt: a.lastSeenAt.toISOString(),
    count: a.count,
    value: a.value,
    diagnosis: { ...a.diagnosis },
    flapping: a.flapping,
    resolvedAt: iso(a.resolvedAt),
    resolution: a.resolution ?? null,
    acknowledgedAt: iso(a.acknowledgedAt),
    acknowledgedBy: a.acknowledgedBy ?? null,
    resolvedBy: a.resolvedBy ?? null,
    rootCause: a.rootCause ?? null,
    resolutionNote: a.resolutionNote ?? null,
  };
}
export type AlarmView = ReturnType<typeof alarmView>;

export function alarmEventView(e: AlarmEvent) {
  return { at: e.at.toISOString(), action: e.action, by: e.by, severity: e.severity, note: e.note ?? null };
}

export function workOrderView(w: WorkOrder) {
  return {
    id: w.id,
    alarmId: w.alarmId,
    causeKey: w.causeKey,
    severity: w.severity,
    branchId: w.branchId ?? null,
    skill: w.skill,
    title: { ...w.title },
    state: w.state,
    assigneeId: w.assigneeId ?? null,
    escalationLevel: w.escalationLevel,
    openedAt: w.openedAt.toISOString(),
    awaitingSince: w.awaitingSince.toISOString(),
    acknowledgedAt: iso(w.acknowledgedAt),
    resolvedAt: iso(w.resolvedAt),
    closedAt: iso(w.closedAt),
    rootCause: w.rootCause ?? null,
    resolutionNotes: w.resolutionNotes ?? null,
    reopenCount: w.reopenCount,
    alarmClearedAt: iso(w.alarmClearedAt),
    history: w.history.map((e) => ({ at: e.at.toISOString(), action: e.action, by: e.by, note: e.note ?? null })),
  };
}

/** One cycle's stages against their limits, with what was recorded for each. */
export function timelineView(c: BillingCycle, evaluations: readonly StageEvaluation[]) {
  return {
    readingBookId: c.readingBookId,
    cycle: c.cycle,
    branchId: c.branchId,
    customerClass: c.customerClass,
    openedAt: c.openedAt.toISOString(),
    stages: evaluations.map((e) => {
      const rec = c.stages.find((s) => s.stage === e.stage);
      return {
        stage: e.stage,
        status: e.status,
        finished: e.finished,
        clockStartedAt: iso(e.clockStartedAt),
        deadline: iso(e.deadline),
        limit: e.limit ? { ...e.limit } : null,
        lateMinutes: e.lateMinutes,
        usedShare: Math.round(e.usedShare * 1000) / 1000,
        startedAt: iso(rec?.startedAt),
        endedAt: iso(rec?.endedAt),
        actor: rec?.actor ?? null,
        outcome: rec?.outcome ?? null,
        attempts: rec?.attempts ?? 0,
      };
    }),
  };
}
