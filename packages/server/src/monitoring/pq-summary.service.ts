import { AppError, type Clock, type Issue } from '@meterflow/core';
import type { PqEventRow, PqSummaryRow, Store } from '@meterflow/store';
import { SUMMARIES_PER_MESSAGE_MAX } from './monitoring-limits.ts';

/** One 10-minute summary as a monitor or meter reports it (JSON, SI units). */
export interface PqSummaryInput {
  intervalStart: string;
  voltageV: number[];
  currentA?: number[];
  neutralA?: number;
  thdPct?: number;
  unbalancePct?: number;
  frequencyHz?: number;
  powerFactor?: number;
}

export interface PqMonitorEventInput {
  kind: 'dip' | 'swell' | 'interruption';
  startAt: string;
  durationMs: number;
  /** Residual (dip, interruption) or peak (swell) in % of declared voltage. */
  extremePct: number;
  phases?: string[];
}

export interface PqSummaryMessage {
  accountId?: string;
  summaries?: PqSummaryInput[];
  events?: PqMonitorEventInput[];
}

const TEN_MINUTES_MS = 600_000;
const int = (v: number | undefined, scale: number): number | null => (v === undefined ? null : Math.round(v * scale));
const isTime = (s: unknown): s is string => typeof s === 'string' && Number.isFinite(Date.parse(s));

const isNum = (v: unknown): v is number => typeof v === 'number' && Number.isFinite(v);
const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
/** Optional numbers of a summary and the range each must lie in. */
const SUMMARY_NUMBERS: [keyof PqSummaryInput, number, number][] = [
  ['neutralA', 0, 1e6],
  ['thdPct', 0, 100],
  ['unbalancePct', 0, 100],
];

/** Checks a summary message, reporting every problem with its path; shapes are checked too (MQTT has no schema). */
export function summaryMessageIssues(m: PqSummaryMessage): Issue[] {
  const issues: Issue[] = [];
  if (m.accountId !== undefined && typeof m.accountId !== 'string')
    issues.push({ path: '/accountId', message: 'must be a string' });
  for (const key of ['summaries', 'events'] as const)
    if (m[key] !== undefined && !Array.isArray(m[key])) issues.push({ path: `/${key}`, message: 'must be an array' });
  const sums = Array.isArray(m.summaries) ? m.summaries : [];
  const events = Array.isArray(m.events) ? m.events : [];
  if (sums.length + events.length > SUMMARIES_PER_MESSAGE_MAX)
    issues.push({ path: '/summaries', message: `more than ${SUMMARIES_PER_MESSAGE_MAX} items` });
  sums.forEach((s, i) => summaryIssues(s, `/summaries/${i}`, issues));
  events.forEach((e, i) => eventIssues(e, `/events/${i}`, issues));
  return issues;
}

function summaryIssues(s: PqSummaryInput, p: string, issues: Issue[]): void {
  if (!isObject(s)) {
    issues.push({ path: p, message: 'must be an object' });
    return;
  }
  if (!isTime(s.intervalStart) || Date.parse(s.intervalStart) % TEN_MINUTES_MS !== 0)
    issues.push({ path: `${p}/intervalStart`, message: 'must be an instant on a 10-minute boundary' });
  if (
    !Array.isArray(s.voltageV) ||
    s.voltageV.length < 1 ||
    s.voltageV.length > 3 ||
    s.voltageV.some((v) => !(isNum(v) && v >= 0 && v < 1e6))
  )
    issues.push({ path: `${p}/voltageV`, message: 'one to three voltages ≥ 0' });
  if (
    s.currentA !== undefined &&
    (!Array.isArray(s.currentA) || s.currentA.length > 3 || s.currentA.some((v) => !(isNum(v) && v >= 0 && v < 1e6)))
  )
    issues.push({ path: `${p}/currentA`, message: 'up to three currents ≥ 0' });
  for (const [key, min, max] of SUMMARY_NUMBERS) {
    const v = s[key];
    if (v !== undefined && !(isNum(v) && v >= min && v <= max))
      issues.push({ path: `${p}/${key}`, message: `must be within ${min}..${max}` });
  }
  if (s.powerFactor !== undefined && !(isNum(s.powerFactor) && Math.abs(s.powerFactor) <= 1))
    issues.push({ path: `${p}/powerFactor`, message: 'must be within −1..1' });
  if (s.frequencyHz !== undefined && !(isNum(s.frequencyHz) && s.frequencyHz > 40 && s.frequencyHz < 70))
    issues.push({ path: `${p}/frequencyHz`, message: 'must be within 40..70' });
}

function eventIssues(e: PqMonitorEventInput, p: string, issues: Issue[]): void {
  if (!isObject(e)) {
    issues.push({ path: p, message: 'must be an object' });
    return;
  }
  if (!['dip', 'swell', 'interruption'].includes(e.kind))
    issues.push({ path: `${p}/kind`, message: 'dip, swell or interruption' });
  if (!isTime(e.startAt)) issues.push({ path: `${p}/startAt`, message: 'must be an ISO instant' });
  if (!(isNum(e.durationMs) && e.durationMs >= 0)) issues.push({ path: `${p}/durationMs`, message: 'must be ≥ 0' });
  if (!(isNum(e.extremePct) && e.extremePct >= 0 && e.extremePct < 1000))
    issues.push({ path: `${p}/extremePct`, message: 'must be within 0..1000' });
  if (
    e.phases !== undefined &&
    (!Array.isArray(e.phases) || e.phases.some((x) => typeof x !== 'string' || x.length > 8))
  )
    issues.push({ path: `${p}/phases`, message: 'phase names of up to 8 characters' });
}

/** Stores 10-minute summaries and events that PQ monitors and meters report (MQTT or HTTP). */
export class PqSummaryService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  /** The account a subject reports for: the message's own account, else the account its meter serves. */
  private async accountFor(
    subjectId: string,
    accountId?: string,
  ): Promise<{ accountId: string | null; orgId: string | null }> {
    if (accountId) {
      const a = await this.store.accounts.get(accountId);
      if (!a)
        throw new AppError('VALIDATION_FAILED', `unknown account ${accountId}`, [
          { path: '/accountId', message: 'unknown' },
        ]);
      return { accountId: a.id, orgId: a.orgId };
    }
    const found = await this.store.monitoring.risk.accountOfMeter(subjectId);
    return found ?? { accountId: null, orgId: null };
  }

  /** Stores a message whole or refuses it whole (VALIDATION_FAILED with every problem); `events` counts the new ones. */
  async ingest(
    subjectId: string,
    m: PqSummaryMessage,
  ): Promise<{ summaries: number; events: number; accountId: string | null }> {
    const issues = summaryMessageIssues(m);
    if (issues.length)
      throw new AppError('VALIDATION_FAILED', `PQ summary message: ${issues.length} problem(s)`, issues);
    const { accountId, orgId } = await this.accountFor(subjectId, m.accountId);
    const receivedAt = this.clock.now().toISOString();
    const rows: PqSummaryRow[] = (m.summaries ?? []).map((s) => ({
      subjectId,
      accountId,
      intervalStart: new Date(s.intervalStart).toISOString(),
      voltageMv: s.voltageV.map((v) => Math.round(v * 1000)),
      currentMa: (s.currentA ?? []).map((v) => Math.round(v * 1000)),
      neutralMa: int(s.neutralA, 1000),
      thdBp: int(s.thdPct, 100),
      unbalanceBp: int(s.unbalancePct, 100),
      frequencyMhz: int(s.frequencyHz, 1000),
      powerFactorMilli: int(s.powerFactor, 1000),
      receivedAt,
    }));
    const events: PqEventRow[] = (m.events ?? []).map((e) => ({
      recordId: null,
      source: 'monitor',
      accountId,
      subjectId,
      orgId,
      kind: e.kind,
      startAt: new Date(e.startAt).toISOString(),
      durationMs: Math.round(e.durationMs),
      extremeBp: Math.round(e.extremePct * 100),
      phases: e.phases ?? [],
    }));
    // Summaries replace their (subject, interval) row and events already stored are skipped, so a
    // message delivered twice (MQTT QoS 1) is stored once.
    const stored = await this.store.transaction(async (tx) => {
      await tx.monitoring.pq.upsertSummaries(rows);
      return tx.monitoring.pq.insertNewEvents(events);
    });
    return { summaries: rows.length, events: stored, accountId };
  }
}
