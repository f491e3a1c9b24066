/** Row shapes of the monitoring context as repositories return them (camelCase, integer units). */

export interface MonitoringProfile {
  accountId: string;
  categoryId: string;
  limitSetId: string | null;
  industry: string | null;
  updatedAt: string;
}

export interface PqRecordRow {
  id: string;
  accountId: string | null;
  meterId: string | null;
  orgId: string | null;
  fileName: string;
  format: string;
  sizeBytes: number;
  sampleRateHz: number;
  durationMs: number;
  channels: number;
  recordedAt: string | null;
  uploadedAt: string;
  uploadedBy: string | null;
  limitSetId: string;
  compliant: boolean | null;
  /** The engine's metrics, parsed. */
  metrics: unknown;
}

export interface PqEventRow {
  id?: number;
  recordId: string | null;
  /** `record` (uploaded waveform) or `monitor` (reported over MQTT). */
  source: string;
  accountId: string | null;
  subjectId: string;
  orgId: string | null;
  kind: string;
  startAt: string;
  durationMs: number;
  extremeBp: number;
  phases: string[];
}

export interface PqSummaryRow {
  subjectId: string;
  accountId: string | null;
  intervalStart: string;
  voltageMv: (number | null)[];
  currentMa: (number | null)[];
  neutralMa: number | null;
  thdBp: number | null;
  unbalanceBp: number | null;
  frequencyMhz: number | null;
  powerFactorMilli: number | null;
  receivedAt: string;
}

export interface WeatherRow {
  areaId: string;
  date: string;
  /** 0–23, or -1 for a daily mean. */
  hour: number;
  temperatureDc: number;
  source: string;
}

export interface PolicyNoticeRow {
  id: string;
  industry: string;
  tag: string;
  riskDelta: number;
  validFrom: string;
  validTo: string | null;
  titleZh: string;
  titleEn: string;
  createdAt: string;
}

export interface ProductionDayRow {
  accountId: string;
  date: string;
  outputMilli: number;
  unit: string;
}

export interface RiskAssessmentRow {
  accountId: string;
  asOf: string;
  orgId: string | null;
  assessedAt: string;
  score: number;
  level: string;
  alarm: boolean;
  findings: unknown[];
  reasons: { zh: string; en: string }[];
  advice: { zh: string; en: string }[];
}
