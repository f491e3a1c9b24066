import { addDays, localDate, localToInstant, type Clock } from '@meterflow/core';
import {
  buildWeeklyReport,
  evaluateCompliance,
  getCustomerCategory,
  getLimitSet,
  getToleranceCurve,
  placeDipOnCurve,
  placeSwellOnCurve,
  type PqStatistics,
  type ReportEvent,
} from '@meterflow/core/monitoring/pq/index';
import type { Account, PqEventRow, PqSummaryRow, Store } from '@meterflow/store';
import { DASHBOARD_EVENTS_MAX, DECLARED_VOLTAGE_V } from './monitoring-limits.ts';
import { defaultCategoryFor } from './pq-category.ts';
import { accountDeclaredVoltage } from './account-declared-voltage.ts';

/** 10-minute summaries as the statistics a limit set judges. */
export function statisticsOf(rows: readonly PqSummaryRow[], declaredV = DECLARED_VOLTAGE_V): PqStatistics {
  const volts = rows.flatMap((r) => r.voltageMv.filter((v): v is number => v !== null).map((v) => v / 1000));
  const pick = (f: (r: PqSummaryRow) => number | null, scale: number) =>
    rows
      .map(f)
      .filter((v): v is number => v !== null)
      .map((v) => v / scale);
  const phases = Math.max(1, ...rows.map((r) => r.voltageMv.filter((v) => v !== null).length));
  return {
    phaseCount: phases,
    series: {
      voltageDeviationPct: volts.map((v) => ((v - declaredV) / declaredV) * 100),
      voltageThdPct: pick((r) => r.thdBp, 100),
      frequencyDeviationHz: pick((r) => r.frequencyMhz, 1000).map((f) => f - 50),
      ...(phases >= 3 ? { unbalancePct: pick((r) => r.unbalanceBp, 100) } : {}),
    },
  };
}

const reportEvent = (e: PqEventRow): ReportEvent => ({
  kind: e.kind as ReportEvent['kind'],
  startMs: Date.parse(e.startAt),
  durationS: e.durationMs / 1000,
  extremePct: e.extremeBp / 100,
  phases: e.phases,
});

/** Weekly compliance reports per account and the staff dashboard of events and compliance. */
export class PqReportService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
  ) {}

  private async categoryOf(account: Account): Promise<{ categoryId: string; limitSetId?: string }> {
    const [p] = await this.store.monitoring.risk.profiles([account.id]);
    return {
      categoryId: p?.categoryId ?? defaultCategoryFor(account.customerClass),
      limitSetId: p?.limitSetId ?? undefined,
    };
  }

  /** The week starting on `weekStart` (local date; default: the last whole Monday-to-Sunday week). */
  async weekly(account: Account, weekStart?: string) {
    const start = weekStart ?? lastMonday(this.clock.now());
    const from = localToInstant(start).toISOString();
    const to = localToInstant(addDays(start, 7)).toISOString();
    const { categoryId, limitSetId } = await this.categoryOf(account);
    const summaries = await this.store.monitoring.pq.listSummaries([account.id], from, to);
    const events = await this.store.monitoring.pq.listEvents({
      accountIds: [account.id],
      from,
      to,
      limit: DASHBOARD_EVENTS_MAX,
    });
    const declared = accountDeclaredVoltage(account.voltageLevel);
    const report = buildWeeklyReport({
      categoryId,
      weekStartMs: Date.parse(from),
      statistics: statisticsOf(summaries, declared.referenceV),
      events: events.map(reportEvent),
      limitSetId,
    });
    const curve = getToleranceCurve(report.curveId);
    return {
      accountId: account.id,
      weekStart: start,
      categoryId,
      category: getCustomerCategory(categoryId).name,
      limitSetId: report.limitSetId,
      limitSetName: getLimitSet(report.limitSetId).name,
      declaredVoltage: {
        voltageLevel: account.voltageLevel,
        measured: declared.measured,
        referenceV: declared.referenceV,
        phaseV: declared.phaseV,
        lineV: declared.lineV,
      },
      curve: { id: curve.id, name: curve.name, lower: curve.lower, upper: curve.upper },
      summaries: summaries.length,
      compliant: report.compliant,
      compliance: report.compliance.map((r) => ({
        quantity: r.quantity,
        order: r.order ?? null,
        percentile: r.percentile,
        min: r.min ?? null,
        max: r.max ?? null,
        value: Number.isFinite(r.valueAtPercentile) ? r.valueAtPercentile : null,
        lowerValue:
          r.lowerValueAtPercentile !== undefined && Number.isFinite(r.lowerValueAtPercentile)
            ? r.lowerValueAtPercentile
            : null,
        pass: r.pass,
        source: r.source,
      })),
      events: report.events.map((e) => ({
        kind: e.kind,
        startAt: new Date(e.startMs).toISOString(),
        durationS: e.durationS,
        extremePct: e.extremePct,
        phases: e.phases,
        inside: e.curve.inside,
        boundPct: e.curve.boundPct,
      })),
      eventsOutsideCurve: report.eventsOutsideCurve,
      explanation: report.explanation,
    };
  }

  /** Events in a window within some branches, each placed on its account's curve, and compliance by category and area. */
  async dashboard(orgIds: string[] | undefined, from: string, to: string) {
    const events = await this.store.monitoring.pq.listEvents({ orgIds, from, to, limit: DASHBOARD_EVENTS_MAX });
    const accountIds = [...new Set(events.map((e) => e.accountId).filter((a): a is string => !!a))];
    const latest = await this.store.monitoring.pq.listRecords({ orgIds, limit: DASHBOARD_EVENTS_MAX });
    for (const r of latest) if (r.accountId && !accountIds.includes(r.accountId)) accountIds.push(r.accountId);
    const accounts = new Map<string, Account>();
    for (const id of accountIds) {
      const a = await this.store.accounts.get(id);
      if (a) accounts.set(id, a);
    }
    const categories = new Map<string, string>();
    for (const a of accounts.values()) categories.set(a.id, (await this.categoryOf(a)).categoryId);
    const placed = events.map((e) => {
      const categoryId = (e.accountId && categories.get(e.accountId)) || 'industrial';
      const curve = getToleranceCurve(getCustomerCategory(categoryId).curveId);
      const p = (e.kind === 'swell' ? placeSwellOnCurve : placeDipOnCurve)(
        curve,
        e.extremeBp / 100,
        e.durationMs / 1000,
      );
      return {
        ...reportEvent(e),
        startAt: e.startAt,
        accountId: e.accountId,
        orgId: e.orgId,
        source: e.source,
        categoryId,
        curveId: curve.id,
        inside: p.inside,
      };
    });
    const compliance = await this.complianceByGroup([...accounts.values()], categories, from, to);
    return {
      from,
      to,
      events: placed.map(({ startMs: _s, ...e }) => e),
      curves: ['itic', 'semi-f47'].map((id) => {
        const c = getToleranceCurve(id);
        return { id: c.id, name: c.name, lower: c.lower, upper: c.upper };
      }),
      compliance,
      records: latest.slice(0, 20).map((r) => ({
        id: r.id,
        accountId: r.accountId,
        fileName: r.fileName,
        uploadedAt: r.uploadedAt,
        compliant: r.compliant,
      })),
    };
  }

  private async complianceByGroup(accounts: Account[], categories: Map<string, string>, from: string, to: string) {
    const groups = new Map<
      string,
      { categoryId: string; orgId: string; accounts: number; compliant: number; notCompliant: number; events: number }
    >();
    for (const a of accounts) {
      const categoryId = categories.get(a.id) ?? 'industrial';
      const key = `${categoryId}|${a.orgId}`;
      const g = groups.get(key) ?? {
        categoryId,
        orgId: a.orgId,
        accounts: 0,
        compliant: 0,
        notCompliant: 0,
        events: 0,
      };
      g.accounts++;
      const rows = await this.store.monitoring.pq.listSummaries([a.id], from, to);
      const records = await this.store.monitoring.pq.listRecords({ accountIds: [a.id], limit: 50 });
      const fromSummaries = rows.length
        ? evaluateCompliance(
            statisticsOf(rows, accountDeclaredVoltage(a.voltageLevel).referenceV),
            getLimitSet(getCustomerCategory(categoryId).limitSetId),
          ).compliant
        : null;
      const verdict = fromSummaries ?? records.find((r) => r.compliant !== null)?.compliant ?? null;
      if (verdict === true) g.compliant++;
      if (verdict === false) g.notCompliant++;
      groups.set(key, g);
    }
    return [...groups.values()].sort(
      (x, y) => x.categoryId.localeCompare(y.categoryId) || x.orgId.localeCompare(y.orgId),
    );
  }
}

/** Monday of the last whole week before `now`, local date. */
export function lastMonday(now: Date): string {
  const today = localDate(now);
  const weekday = (new Date(`${today}T00:00:00Z`).getUTCDay() + 6) % 7;
  return addDays(today, -weekday - 7);
}
