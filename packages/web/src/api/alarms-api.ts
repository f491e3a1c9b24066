// Typed calls of the alarms API (docs/alarms.md §9); all through the one request function.
import { request } from './api-client.ts';

const enc = encodeURIComponent;

export const SEVERITIES = ['critical', 'major', 'minor', 'info'] as const;
export type Severity = (typeof SEVERITIES)[number];
export const ALARM_KINDS = [
  'stageOverrun',
  'stageFailed',
  'veeExceptionRate',
  'collectionRate',
  'meterSilent',
  'terminalOutage',
  'collectionSystemFault',
  'clockDrift',
  'meterEvent',
  'prepaidCommandFailed',
  'reconciliationMismatch',
  'usageRisk',
] as const;
export const WORK_ORDER_STATES = ['open', 'acknowledged', 'inProgress', 'resolved', 'closed'] as const;
export type WorkOrderState = (typeof WORK_ORDER_STATES)[number];
/** Shortest resolution note the server accepts (core's RESOLUTION_NOTES_MIN_CHARS). */
export const RESOLUTION_NOTE_MIN = 4;
/** Roles that may act on alarms and work orders; other staff read only. */
export const ALARM_ACTING_ROLES = ['dispatcher', 'admin'] as const;

export interface Diagnosis {
  category: string;
  zh: string;
  en: string;
}

export interface AlarmView {
  id: string;
  causeKey: string;
  ruleId: string;
  kind: string;
  subjectKind: string;
  subjectId: string;
  branchId: string | null;
  labels: Record<string, string>;
  severity: Severity;
  status: 'open' | 'resolved';
  firstRaisedAt: string;
  openedAt: string;
  lastSeenAt: string;
  count: number;
  value: number;
  diagnosis: Diagnosis;
  flapping: boolean;
  resolvedAt: string | null;
  resolution: string | null;
  acknowledgedAt: string | null;
  acknowledgedBy: string | null;
  resolvedBy: string | null;
  rootCause: string | null;
  resolutionNote: string | null;
}

export interface AlarmEventView {
  at: string;
  action: string;
  by: string;
  severity: string;
  note: string | null;
}

export interface WorkOrderView {
  id: string;
  alarmId: string;
  causeKey: string;
  severity: Severity;
  branchId: string | null;
  skill: string;
  title: { zh: string; en: string };
  state: WorkOrderState;
  assigneeId: string | null;
  escalationLevel: number;
  openedAt: string;
  awaitingSince: string;
  acknowledgedAt: string | null;
  resolvedAt: string | null;
  closedAt: string | null;
  rootCause: string | null;
  resolutionNotes: string | null;
  reopenCount: number;
  alarmClearedAt: string | null;
  history: { at: string; action: string; by: string; note: string | null }[];
}

export interface AlarmDetail {
  alarm: AlarmView;
  events: AlarmEventView[];
  workOrder: WorkOrderView | null;
}

export interface AlarmFilter {
  status?: 'open' | 'resolved';
  severity?: Severity[];
  kind?: string[];
  branchId?: string[];
  limit?: number;
}

export interface Duration {
  amount: number;
  unit: string;
  basis: string;
}

export interface StageTiming {
  stage: string;
  status: 'waiting' | 'onTime' | 'atRisk' | 'overrun' | 'failed' | string;
  finished: boolean;
  clockStartedAt: string | null;
  deadline: string | null;
  limit: Duration | null;
  lateMinutes: number;
  usedShare: number;
  startedAt: string | null;
  endedAt: string | null;
  actor: string | null;
  outcome: string | null;
  attempts: number;
}

export interface CycleTimeline {
  readingBookId: string;
  cycle: string;
  branchId: string;
  customerClass: string;
  openedAt: string;
  stages: StageTiming[];
}

export interface CycleRun {
  readingBookId: string;
  cycle: string;
  branchId: string;
  openedAt: string;
}

export interface MonthlyFigures {
  month: string;
  alarmsRaised: number;
  bySeverity: Record<string, number>;
  overrunsPerStage: Record<string, number>;
  workOrdersOpened: number;
  escalated: number;
  meanMinutesToAcknowledge: number | null;
  meanMinutesToResolve: number | null;
  stillUnacknowledged: number;
}

/** One live-board message: what changed, and when the server stored it. */
export interface AlarmStreamBatch {
  storedAtMs: number;
  changes: { action: string; alarm: AlarmView }[];
}

/** The URL of the live board's Server-Sent Events (same origin, so the session cookie goes along). */
export const ALARM_STREAM_URL = '/api/alarms/stream';

function query(f: AlarmFilter): string {
  const p = new URLSearchParams();
  if (f.status) p.set('status', f.status);
  for (const s of f.severity ?? []) p.append('severity', s);
  for (const k of f.kind ?? []) p.append('kind', k);
  for (const b of f.branchId ?? []) p.append('branchId', b);
  if (f.limit) p.set('limit', String(f.limit));
  const s = p.toString();
  return s ? `?${s}` : '';
}

export const alarmsApi = {
  list: (f: AlarmFilter) => request<{ items: AlarmView[]; total: number }>('GET', `/api/alarms${query(f)}`),
  detail: (id: string) => request<AlarmDetail>('GET', `/api/alarms/${enc(id)}`),
  acknowledge: (id: string, note?: string) =>
    request<AlarmView>('POST', `/api/alarms/${enc(id)}/acknowledge`, note ? { note } : {}),
  resolve: (id: string, rootCause: string, note: string) =>
    request<AlarmView>('POST', `/api/alarms/${enc(id)}/resolve`, { rootCause, note }),
  config: () => request<{ rootCauses: string[] }>('GET', '/api/alarms/config'),
  workOrders: (states: readonly WorkOrderState[]) =>
    request<{ items: WorkOrderView[]; total: number }>(
      'GET',
      `/api/work-orders?${states.map((s) => `state=${enc(s)}`).join('&')}&limit=200`,
    ),
  stepOrder: (
    id: string,
    action: 'acknowledge' | 'start' | 'resolve' | 'close' | 'reopen',
    body: { rootCause?: string; note?: string } = {},
  ) => request<WorkOrderView>('POST', `/api/work-orders/${enc(id)}/${action}`, body),
  cycles: (readingBookId?: string) =>
    request<{ items: CycleRun[] }>(
      'GET',
      `/api/alarms/cycles${readingBookId ? `?readingBookId=${enc(readingBookId)}` : ''}`,
    ),
  timeline: (readingBookId: string, cycle: string) =>
    request<CycleTimeline>('GET', `/api/alarms/cycles/${enc(readingBookId)}/${enc(cycle)}`),
  figures: (month: string) => request<MonthlyFigures>('GET', `/api/alarms/figures?month=${enc(month)}`),
};
