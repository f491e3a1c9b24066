// Typed calls of the monitoring API (docs/power-quality.md, docs/safe-usage.md).
import { request } from './api-client.ts';

const enc = encodeURIComponent;

export interface Bilingual {
  zh: string;
  en: string;
}
export interface CurveStep {
  upToS: number | null;
  minResidualPct?: number;
  maxPct?: number;
}
export interface Curve {
  id: string;
  name: Bilingual;
  lower: CurveStep[];
  upper: CurveStep[];
}
export interface PqEvent {
  kind: string;
  startAt: string;
  durationS: number;
  extremePct: number;
  phases: string[];
  inside: boolean;
}
export interface DashboardEvent extends PqEvent {
  accountId: string | null;
  orgId: string | null;
  source: string;
  categoryId: string;
  curveId: string;
}
export interface PqDashboard {
  from: string;
  to: string;
  events: DashboardEvent[];
  curves: Curve[];
  compliance: { categoryId: string; orgId: string; accounts: number; compliant: number; notCompliant: number }[];
  records: { id: string; accountId: string | null; fileName: string; uploadedAt: string; compliant: boolean | null }[];
}
export interface ComplianceRow {
  quantity: string;
  order: number | null;
  percentile: number;
  min: number | null;
  max: number | null;
  value: number | null;
  lowerValue: number | null;
  pass: boolean | null;
}
export interface WeeklyPqReport {
  accountId: string;
  weekStart: string;
  categoryId: string;
  category: Bilingual;
  limitSetName: Bilingual;
  curve: Curve;
  summaries: number;
  compliant: boolean | null;
  compliance: ComplianceRow[];
  events: (PqEvent & { boundPct: number })[];
  eventsOutsideCurve: number;
  explanation: Bilingual;
}
export interface RiskAssessment {
  accountId: string;
  asOf: string;
  orgId: string | null;
  score: number;
  level: string;
  alarm: boolean;
  findings: { code: string; severity: string; points: number; reason: Bilingual; advice: Bilingual }[];
  reasons: Bilingual[];
  advice: Bilingual[];
}

export const monitoringApi = {
  dashboard: (from: string, to: string) =>
    request<PqDashboard>('GET', `/api/monitoring/pq/dashboard?from=${enc(from)}&to=${enc(to)}`),
  risks: () => request<{ items: RiskAssessment[] }>('GET', '/api/monitoring/risk').then((r) => r.items),
  runRisk: () => request<{ assessed: number; alarms: number }>('POST', '/api/monitoring/risk/run', {}),
  weekly: (accountId: string, week?: string) =>
    request<WeeklyPqReport>(
      'GET',
      `/api/monitoring/accounts/${enc(accountId)}/pq-report${week ? `?week=${enc(week)}` : ''}`,
    ),
  safety: (accountId: string) => request<RiskAssessment>('GET', `/api/monitoring/accounts/${enc(accountId)}/safety`),
};

/** The step line of a curve's lower bound as [durationS, residualPct] points, for a log-scale chart. */
export function lowerCurvePoints(c: Curve, minS = 0.001, maxS = 100): [number, number][] {
  const out: [number, number][] = [];
  let from = minS;
  for (const s of c.lower) {
    const to = s.upToS ?? maxS;
    out.push([from, s.minResidualPct ?? 0], [to, s.minResidualPct ?? 0]);
    from = to;
  }
  return out;
}
