/** Alarm and work-order records as the rest of the system sees them, and their row mappings. */
import type { AlarmRecord } from '@meterflow/core/alarms/alarm-record';
import type { DiagnosisCategory } from '@meterflow/core/alarms/diagnosis';
import { severityRank, type Severity } from '@meterflow/core/alarms/severity';
import type { WorkOrder, WorkOrderEvent, WorkOrderState } from '@meterflow/core/workflow/work-order';
import type { AlarmTable, WorkOrderTable } from './alarms-schema.ts';

/** How an alarm ended: its cause cleared, its rule was removed, or a person resolved it. */
export type AlarmResolution = NonNullable<AlarmRecord['resolution']> | 'manual';

/** An alarm as stored: the sweep's record plus what staff did with it. */
export interface StoredAlarm extends Omit<AlarmRecord, 'resolution'> {
  resolution?: AlarmResolution;
  acknowledgedAt?: Date;
  acknowledgedBy?: string;
  resolvedBy?: string;
  rootCause?: string;
  resolutionNote?: string;
}

const iso = (d: Date | undefined): string | null => (d ? d.toISOString() : null);
const date = (s: string | null): Date | undefined => (s ? new Date(s) : undefined);
const opt = <T>(v: T | null): T | undefined => (v === null ? undefined : v);

export function alarmToRow(a: StoredAlarm): AlarmTable {
  return {
    id: a.id,
    cause_key: a.causeKey,
    rule_id: a.ruleId,
    kind: a.kind,
    subject_kind: a.subjectKind,
    subject_id: a.subjectId,
    branch_id: a.branchId ?? null,
    labels: JSON.stringify(a.labels),
    severity: a.severity,
    severity_rank: severityRank(a.severity),
    status: a.status,
    first_raised_at: a.firstRaisedAt.toISOString(),
    opened_at: a.openedAt.toISOString(),
    last_seen_at: a.lastSeenAt.toISOString(),
    count: a.count,
    value: String(a.value),
    diagnosis_category: a.diagnosis.category,
    diagnosis_zh: a.diagnosis.zh,
    diagnosis_en: a.diagnosis.en,
    reopened_at: JSON.stringify(a.reopenedAt.map((d) => d.toISOString())),
    flapping: a.flapping ? 1 : 0,
    clear_since: iso(a.clearSince),
    resolved_at: iso(a.resolvedAt),
    resolution: a.resolution ?? null,
    acknowledged_at: iso(a.acknowledgedAt),
    acknowledged_by: a.acknowledgedBy ?? null,
    resolved_by: a.resolvedBy ?? null,
    root_cause: a.rootCause ?? null,
    resolution_note: a.resolutionNote ?? null,
  };
}

export function alarmFromRow(r: AlarmTable): StoredAlarm {
  return {
    id: r.id,
    causeKey: r.cause_key,
    ruleId: r.rule_id,
    kind: r.kind,
    subjectKind: r.subject_kind,
    subjectId: r.subject_id,
    branchId: opt(r.branch_id),
    labels: JSON.parse(r.labels) as Record<string, string>,
    severity: r.severity as Severity,
    status: r.status as StoredAlarm['status'],
    firstRaisedAt: new Date(r.first_raised_at),
    openedAt: new Date(r.opened_at),
    lastSeenAt: new Date(r.last_seen_at),
    count: Number(r.count),
    value: Number(r.value),
    diagnosis: { category: r.diagnosis_category as DiagnosisCategory, zh: r.diagnosis_zh, en: r.diagnosis_en },
    reopenedAt: (JSON.parse(r.reopened_at) as string[]).map((s) => new Date(s)),
    flapping: Number(r.flapping) === 1,
    clearSince: date(r.clear_since),
    resolvedAt: date(r.resolved_at),
    resolution: opt(r.resolution) as AlarmResolution | undefined,
    acknowledgedAt: date(r.acknowledged_at),
    acknowledgedBy: opt(r.acknowledged_by),
    resolvedBy: opt(r.resolved_by),
    rootCause: opt(r.root_cause),
    resolutionNote: opt(r.resolution_note),
  };
}

export function workOrderToRow(w: WorkOrder): WorkOrderTable {
  return {
    id: w.id,
    alarm_id: w.alarmId,
    cause_key: w.causeKey,
    severity: w.severity,
    branch_id: w.branchId ?? null,
    skill: w.skill,
    title_zh: w.title.zh,
    title_en: w.title.en,
    state: w.state,
    assignee_id: w.assigneeId ?? null,
    escalation_level: w.escalationLevel,
    opened_at: w.openedAt.toISOString(),
    awaiting_since: w.awaitingSince.toISOString(),
    acknowledged_at: iso(w.acknowledgedAt),
    resolved_at: iso(w.resolvedAt),
    closed_at: iso(w.closedAt),
    root_cause: w.rootCause ?? null,
    resolution_notes: w.resolutionNotes ?? null,
    reopen_count: w.reopenCount,
    alarm_cleared_at: iso(w.alarmClearedAt),
  };
}

export function workOrderFromRow(r: WorkOrderTable, history: readonly WorkOrderEvent[]): WorkOrder {
  return {
    id: r.id,
    alarmId: r.alarm_id,
    causeKey: r.cause_key,
    severity: r.severity as Severity,
    branchId: opt(r.branch_id),
    skill: r.skill,
    title: { zh: r.title_zh, en: r.title_en },
    state: r.state as WorkOrderState,
    assigneeId: opt(r.assignee_id),
    escalationLevel: Number(r.escalation_level),
    openedAt: new Date(r.opened_at),
    awaitingSince: new Date(r.awaiting_since),
    acknowledgedAt: date(r.acknowledged_at),
    resolvedAt: date(r.resolved_at),
    closedAt: date(r.closed_at),
    rootCause: opt(r.root_cause),
    resolutionNotes: opt(r.resolution_notes),
    reopenCount: Number(r.reopen_count),
    alarmClearedAt: date(r.alarm_cleared_at),
    history,
  };
}
