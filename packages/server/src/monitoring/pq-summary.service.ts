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

/** Checks a summary message, reporting every problem with its path. */
export function summaryMessageIssues(m: PqSummaryMessage): Issue[] {
  const issues: Issue[] = [];
  const sums = m.summaries ?? [];
  const events = m.events ?? [];
  if (sums.length + events.length > SUMMARIES_PER_MESSAGE_MAX)
    issues.push({ path: '/summaries', message: `more than ${SUMMARIES_PER_MESSAGE_MAX} items` });
  sums.forEach((s, i) => {
    const p = `/summaries/${i}`;
    if (!isTime(s.intervalStart) || Date.parse(s.intervalStart) % TEN_MINUTES_MS !== 0)
      issues.push({ path: `${p}/intervalStart`, message: 'must be an instant on a 10-minute boundary' });
    if (
      !Array.isArray(s.voltageV) ||
      s.voltageV.length < 1 ||
      s.voltageV.length > 3 ||
      s.voltageV.some((v) => !(v >= 0 && v < 1e6))
    )
      issues.push({ path: `${p}/voltageV`, message: 'one to three voltages ≥ 0' });
    if (s.powerFactor !== undefined && !(Math.abs(s.powerFactor) <= 1))
      issues.push({ path: `${p}/powerFactor`, message: 'must be within −1..1' });
    if (s.frequencyHz !== undefined && !(s.frequencyHz > 40 && s.frequencyHz < 70))
      issues.push({ path: `${p}/frequencyHz`, message: 'must be within 40..70' });
  });
  events.forEach((e, i) => {
    const p = `/events/${i}`;
    if (!['dip', 'swell', 'interruption'].includes(e.kind))
      issues.push({ path: `${p}/kind`, message: 'dip, swell or interruption' });
    if (!isTime(e.startAt)) issues.push({ path: `${p}/startAt`, message: 'must be an ISO instant' });
    if (!(e.durationMs >= 0)) issues.push({ path: `${p}/durationMs`, message: 'must be ≥ 0' });
    if (!(e.extremePct >= 0 && e.extremePct < 1000))
      issues.push({ path: `${p}/extremePct`, message: 'must be within 0..1000' });
  });
  return issues;
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
    await this.store.transaction(async (tx) => {
      await tx.monitoring.pq.upsertSummaries(rows);
      await tx.monitoring.pq.insertEvents(events);
    });
    return { summaries: rows.length, events: events.length, accountId };
  }
}
