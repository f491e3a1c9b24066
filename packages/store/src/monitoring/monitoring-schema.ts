/**
 * Tables of the monitoring context (migration 0005-monitoring). Conventions as in ../schema.ts: text ids,
 * ISO-8601 UTC instants, YYYY-MM-DD dates, integers in the smallest unit. Measured quantities are
 * integers too: volts in mV, percentages in basis points (0.01 %), hertz in mHz, power factor in
 * thousandths, temperature in tenths of a degree, output in thousandths of its unit.
 */
import type { Generated } from 'kysely';

/** Which PQ model judges an account (customer category → limit set and tolerance curve) and its industry. */
export interface MonitoringProfileTable {
  account_id: string;
  category_id: string;
  /** Overrides the category's limit set (`cn`, `en50160`, `ieee519`). */
  limit_set_id: string | null;
  industry: string | null;
  updated_at: string;
}

/** An analysed waveform file (CSV or COMTRADE): its metadata and computed metrics. */
export interface PqRecordTable {
  id: string;
  account_id: string | null;
  meter_id: string | null;
  org_id: string | null;
  file_name: string;
  format: string;
  size_bytes: number;
  sample_rate_hz: number;
  duration_ms: number;
  channels: number;
  /** UTC start of the record when the file carries one. */
  recorded_at: string | null;
  uploaded_at: string;
  uploaded_by: string | null;
  limit_set_id: string;
  /** 1 compliant, 0 not, null nothing judged. */
  compliant: number | null;
  /** JSON of the engine's metrics (rms, harmonics, unbalance, frequency, compliance). */
  metrics: string;
}

/** A dip, swell or interruption from a record or reported by a monitor (append-only). */
export interface PqEventTable {
  id: Generated<number>;
  record_id: string | null;
  source: string;
  account_id: string | null;
  subject_id: string;
  org_id: string | null;
  kind: string;
  start_at: string;
  duration_ms: number;
  /** Residual (dips, interruptions) or peak (swells) in basis points of declared voltage. */
  extreme_bp: number;
  phases: string;
}

/** 10-minute summary values of a meter or PQ monitor. */
export interface PqSummaryTable {
  subject_id: string;
  account_id: string | null;
  interval_start: string;
  voltage_a_mv: number | null;
  voltage_b_mv: number | null;
  voltage_c_mv: number | null;
  current_a_ma: number | null;
  current_b_ma: number | null;
  current_c_ma: number | null;
  neutral_ma: number | null;
  thd_bp: number | null;
  unbalance_bp: number | null;
  frequency_mhz: number | null;
  power_factor_milli: number | null;
  received_at: string;
}

/** Air temperature per area: hourly (`hour` 0–23) or a daily mean (`hour` = -1). */
export interface WeatherTable {
  area_id: string;
  date: string;
  hour: number;
  temperature_dc: number;
  source: string;
}

export interface PolicyNoticeTable {
  id: string;
  industry: string;
  tag: string;
  risk_delta: number;
  valid_from: string;
  valid_to: string | null;
  title_zh: string;
  title_en: string;
  created_at: string;
}

export interface ProductionDayTable {
  account_id: string;
  date: string;
  output_milli: number;
  unit: string;
}

/** One safe-usage assessment of an account for a day (replaced when re-run for the same day). */
export interface RiskAssessmentTable {
  account_id: string;
  as_of: string;
  org_id: string | null;
  assessed_at: string;
  score: number;
  level: string;
  alarm: number;
  /** JSON arrays. */
  findings: string;
  reasons: string;
  advice: string;
}

export interface MonitoringTables {
  monitoring_profiles: MonitoringProfileTable;
  pq_records: PqRecordTable;
  pq_events: PqEventTable;
  pq_summaries: PqSummaryTable;
  weather: WeatherTable;
  policy_notices: PolicyNoticeTable;
  production_days: ProductionDayTable;
  risk_assessments: RiskAssessmentTable;
}
