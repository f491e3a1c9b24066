/**
 * Tables of the alarms context (migration 0006-alarms). Conventions as in ../schema.ts: text ids,
 * ISO-8601 UTC instants, YYYY-MM-DD dates, integers in the smallest unit. Measured values of
 * alarms (rates, minutes, scores) are kept as decimal text so no engine turns them into floats.
 */
import type { Generated } from 'kysely';

/** One alarm: at most one row per `cause_key` has `status = 'open'` (a partial unique index). */
export interface AlarmTable {
  id: string;
  cause_key: string;
  rule_id: string;
  kind: string;
  subject_kind: string;
  subject_id: string;
  branch_id: string | null;
  /** JSON object of string labels (reading book, cycle, stage, concentrator …). */
  labels: string;
  severity: string;
  /** 0 info … 3 critical, for sorting and `severity ≥` filters. */
  severity_rank: number;
  status: string;
  first_raised_at: string;
  opened_at: string;
  last_seen_at: string;
  count: number;
  value: string;
  diagnosis_category: string;
  diagnosis_zh: string;
  diagnosis_en: string;
  /** JSON list of ISO instants. */
  reopened_at: string;
  flapping: number;
  clear_since: string | null;
  resolved_at: string | null;
  /** cleared | ruleRemoved | manual */
  resolution: string | null;
  acknowledged_at: string | null;
  acknowledged_by: string | null;
  resolved_by: string | null;
  root_cause: string | null;
  resolution_note: string | null;
}

/** What happened to an alarm, append-only. Sweeps record raise/reopen/hold/resolve and severity changes. */
export interface AlarmEventTable {
  id: Generated<number>;
  alarm_id: string;
  at: string;
  action: string;
  by: string;
  severity: string;
  note: string | null;
}

export interface WorkOrderTable {
  id: string;
  alarm_id: string;
  cause_key: string;
  severity: string;
  branch_id: string | null;
  skill: string;
  title_zh: string;
  title_en: string;
  state: string;
  assignee_id: string | null;
  escalation_level: number;
  opened_at: string;
  awaiting_since: string;
  acknowledged_at: string | null;
  resolved_at: string | null;
  closed_at: string | null;
  root_cause: string | null;
  resolution_notes: string | null;
  reopen_count: number;
  alarm_cleared_at: string | null;
}

/** A work order's history, append-only. */
export interface WorkOrderEventTable {
  id: Generated<number>;
  work_order_id: string;
  at: string;
  action: string;
  by: string;
  note: string | null;
}

/** One (reading book, billing cycle); `opened_at` starts the reading plan's clock. */
export interface CycleRunTable {
  reading_book_id: string;
  cycle: string;
  branch_id: string;
  customer_class: string;
  opened_at: string;
  /** Set when the last stage succeeded; closed cycles are no longer swept. */
  closed_at: string | null;
}

/** One stage of a cycle as run (the latest attempt). */
export interface CycleStageTable {
  reading_book_id: string;
  cycle: string;
  stage: string;
  attempts: number;
  started_at: string;
  ended_at: string | null;
  actor: string;
  outcome: string | null;
  note: string | null;
}

/** The latest poll of each meter as the alarm sweep sees it (written by metering, one row per meter). */
export interface AlarmMeterStatusTable {
  meter_id: string;
  concentrator_id: string | null;
  reading_book_id: string | null;
  branch_id: string | null;
  last_poll_at: string | null;
  last_seen_at: string | null;
  silent_polls: number;
  /** null = clock not read in the last poll. */
  clock_drift_s: number | null;
  /** METER_EVENT_BITS reported in the last poll. */
  event_flags: number;
}

/** Each concentrator's own link to the master station. */
export interface AlarmConcentratorStatusTable {
  concentrator_id: string;
  branch_id: string | null;
  /** online | missing | unknown */
  heartbeat: string;
  at: string;
}

/**
 * Latest observation per (kind, key) written by other contexts: collection job results, reading
 * reviews, prepaid commands, reconciliations, risk scores. `cleared = 1` means the cause is gone.
 */
export interface AlarmObservationTable {
  kind: string;
  key: string;
  at: string;
  payload: string;
  cleared: number;
}

/** Notification intents waiting for the notification channels to send them (an outbox). */
export interface AlarmNotificationOutboxTable {
  id: Generated<number>;
  dedupe_key: string;
  created_at: string;
  recipient_staff_id: string;
  /** JSON list: voice, sms, app, email. */
  channels: string;
  template: string;
  severity: string;
  work_order_id: string;
  /** JSON object of template parameters. */
  params: string;
  claimed_at: string | null;
  delivered_at: string | null;
}

export interface AlarmsTables {
  alarms: AlarmTable;
  alarm_events: AlarmEventTable;
  work_orders: WorkOrderTable;
  work_order_events: WorkOrderEventTable;
  cycle_runs: CycleRunTable;
  cycle_stages: CycleStageTable;
  alarm_meter_status: AlarmMeterStatusTable;
  alarm_concentrator_status: AlarmConcentratorStatusTable;
  alarm_observations: AlarmObservationTable;
  alarm_notification_outbox: AlarmNotificationOutboxTable;
}
