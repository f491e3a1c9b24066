/**
 * Tables of the metering context (migration 0002-metering). Conventions as in ../schema.ts: text ids,
 * ISO-8601 UTC instants, YYYY-MM-DD dates, integers in the smallest unit (Wh).
 */
import type { Generated } from 'kysely';

/**
 * Interval data as blocks: one row per (meter, channel, local day, version). Version 1 is the
 * as-read block, which acquisition merges into; versions ≥ 2 are VEE repairs and clerk edits and
 * are append-only (a trigger refuses UPDATE and DELETE of them).
 */
export interface IntervalBlockTable {
  /** The meter's communication address as the head end reports it (DL/T 645: 12 digits). */
  meter_id: string;
  channel: number;
  date: string;
  version: number;
  unit: string;
  slot_minutes: number;
  slot_count: number;
  /** The block body (core/metering/block-codec): values and quality flags. */
  body: Uint8Array;
  /** Sum of the present values (Wh or varh, secondary side: the multiplier is not applied). */
  sum_value: number;
  missing_slots: number;
  worst_quality: number;
  /** `read` (version 1), `vee` or `edit`. */
  kind: string;
  based_on: number | null;
  /** VEE: the rules that led to the repair; edit: the clerk's reason. */
  reason: string;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** Version 1 only: 0 once VEE has seen it; otherwise a count of changes VEE has not yet seen. */
  vee_pending: number;
}

/** One clerk-edited slot: the audit trail of edits (append-only). */
export interface IntervalEditTable {
  id: Generated<number>;
  meter_id: string;
  channel: number;
  date: string;
  slot: number;
  version: number;
  old_value: number;
  old_quality: number;
  new_value: number;
  clerk_id: string;
  reason: string;
  at: string;
}

/** A register reading at an instant (current energy, e.g. from a DL/T 645 poll). */
export interface RegisterReadTable {
  meter_id: string;
  /** e.g. `forward-active`, `reverse-active`. */
  register: string;
  /** 0 = total, 1.. = tariff period. */
  tariff: number;
  read_at: string;
  value_wh: number;
  quality: number;
  source: string;
  received_at: string;
}

/** The daily freeze (日冻结): the register as frozen at local 00:00 of `date`. */
export interface DailyFreezeTable {
  meter_id: string;
  register: string;
  tariff: number;
  date: string;
  value_wh: number;
  quality: number;
  source: string;
  received_at: string;
}

/** Meter events with their time and source, for VEE and the alarm system (append-only). */
export interface MeterEventTable {
  meter_id: string;
  kind: string;
  at: string;
  source: string;
  /** JSON object. */
  detail: string;
  received_at: string;
}

/** The VEE exception queue. */
export interface VeeExceptionTable {
  id: string;
  meter_id: string;
  channel: number;
  date: string;
  rule_id: string;
  severity: string;
  detail: string;
  /** JSON array of slot numbers. */
  slots: string;
  repair: string;
  /** `open`, `accepted`, `estimated`, `edited`. */
  status: string;
  /** The branch of the account the meter serves (null for meters not in the register). */
  org_id: string | null;
  created_at: string;
  updated_at: string;
  resolved_by: string | null;
  resolved_at: string | null;
  resolution_note: string | null;
}

/** One ingestion batch (a CSV file, an HTTP batch, an import). */
export interface IngestBatchTable {
  id: string;
  source: string;
  name: string;
  received_at: string;
  received_by: string | null;
  rows_read: number;
  rows_accepted: number;
  rows_rejected: number;
  reads_stored: number;
}

/** A rejected row, kept whole with its problems so it can be corrected and resubmitted. */
export interface IngestRejectTable {
  id: Generated<number>;
  batch_id: string;
  line: number;
  raw: string;
  /** JSON array of {path, message}. */
  errors: string;
  status: string;
  resolved_at: string | null;
  resolved_by: string | null;
}

/**
 * The latest instantaneous value per meter, quantity and phase (voltage, current, power, power
 * factor, frequency) as the gateway last read it: overwritten on every poll, for monitoring.
 */
export interface MeterInstantTable {
  meter_id: string;
  /** `voltage`, `current`, `active-power`, `power-factor`, `frequency`, … */
  quantity: string;
  /** `a`, `b`, `c` or `total`. */
  phase: string;
  /** The value × 10^decimals, exact as the meter sent it. */
  value_scaled: number;
  decimals: number;
  unit: string;
  read_at: string;
}

export interface MeteringTables {
  interval_blocks: IntervalBlockTable;
  interval_edits: IntervalEditTable;
  register_reads: RegisterReadTable;
  daily_freezes: DailyFreezeTable;
  meter_events: MeterEventTable;
  vee_exceptions: VeeExceptionTable;
  ingest_batches: IngestBatchTable;
  ingest_rejects: IngestRejectTable;
  meter_instants: MeterInstantTable;
}
