import { addDays, localDate, localParts, localToInstant, type Clock } from '@meterflow/core';
import {
  assessSafeUsage,
  resolveSafeUsageThresholds,
  type DailyUsage,
  type SafeUsageAssessment,
  type SafeUsageInput,
  type SafeUsageThresholds,
} from '@meterflow/core/monitoring/safe-usage/index';
import type { AccountToAssess, PolicyNoticeRow, Store } from '@meterflow/store';
import { RISK_BATCH, RISK_HISTORY_DAYS, RISK_INSTANT_LATE_MS, RISK_PERIOD_DAYS } from './monitoring-limits.ts';
import { accountDeclaredVoltage } from './account-declared-voltage.ts';
import { instantSamples } from './meter-instant-samples.ts';

/** Channel of forward active energy in interval blocks. */
const ACTIVE_ENERGY_CHANNEL = 1;

/** Where a risk that crossed its threshold is reported (the alarms context's observation port). */
export type RiskObserver = (o: {
  at: Date;
  accountId: string;
  branchId: string;
  score: number;
  detail: string;
}) => Promise<void>;

export interface RiskRunResult {
  asOf: string;
  assessed: number;
  alarms: number;
  withIntervalData: number;
}

/** Assesses safe usage of every active account from stored data, stores the result and reports alarms. */
export class RiskAssessmentService {
  private readonly thresholds: SafeUsageThresholds;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly observe?: RiskObserver,
    thresholds: unknown = {},
  ) {
    this.thresholds = resolveSafeUsageThresholds(thresholds);
  }

  /** Runs over all accounts in pages; `asOf` defaults to yesterday (local). */
  async runAll(asOf = addDays(localDate(this.clock.now()), -1)): Promise<RiskRunResult> {
    const policies = await this.store.monitoring.external.activePolicies(asOf);
    const out: RiskRunResult = { asOf, assessed: 0, alarms: 0, withIntervalData: 0 };
    const peers = new Map<string, number[]>();
    const pages: { a: AccountToAssess; input: SafeUsageInput }[] = [];
    for (let after = ''; ;) {
      const page = await this.store.monitoring.risk.accountsToAssess(after, RISK_BATCH);
      if (page.length === 0) break;
      after = page[page.length - 1].accountId;
      for (const a of page) {
        const input = await this.inputFor(a, asOf, policies);
        if (input.days.length) out.withIntervalData++;
        const period = input.days.slice(-RISK_PERIOD_DAYS);
        if (period.length) {
          const key = `${a.customerClass}|${a.orgId}`;
          peers.set(key, [...(peers.get(key) ?? []), period.reduce((s, d) => s + d.kwh, 0) / period.length]);
        }
        pages.push({ a, input });
      }
    }
    // Peers are known only once every account's period is read: score in a second pass.
    for (let i = 0; i < pages.length; i += RISK_BATCH) {
      const chunk = pages.slice(i, i + RISK_BATCH).map(({ a, input }) => {
        const all = peers.get(`${a.customerClass}|${a.orgId}`) ?? [];
        const mine = input.days.length
          ? input.days.slice(-RISK_PERIOD_DAYS).reduce((s, d) => s + d.kwh, 0) /
            Math.min(RISK_PERIOD_DAYS, input.days.length)
          : NaN;
        const others = all.filter((v, k) => k !== all.indexOf(mine));
        return { a, result: assessSafeUsage({ ...input, peerDailyKwh: others }, this.thresholds) };
      });
      await this.save(chunk, out);
    }
    return out;
  }

  private async save(chunk: { a: AccountToAssess; result: SafeUsageAssessment }[], out: RiskRunResult): Promise<void> {
    const at = this.clock.now();
    await this.store.monitoring.risk.upsertAssessments(
      chunk.map(({ a, result }) => ({
        accountId: a.accountId,
        asOf: result.asOf,
        orgId: a.orgId,
        assessedAt: at.toISOString(),
        score: result.score,
        level: result.level,
        alarm: result.alarm,
        findings: result.findings,
        reasons: result.reasons,
        advice: result.advice,
      })),
    );
    out.assessed += chunk.length;
    for (const { a, result } of chunk) {
      if (result.alarm) out.alarms++;
      // Every score is reported, so an alarm resolves when the score falls back below its level.
      if (this.observe)
        await this.observe({
          at,
          accountId: a.accountId,
          branchId: a.orgId,
          score: result.score,
          detail: result.reasons.map((r) => r.zh).join(' '),
        });
    }
  }

  /** The period's 15-minute demand (kW, primary side) summed over the account's meters, from interval blocks. */
  private async demand(a: AccountToAssess, from: string, to: string): Promise<SafeUsageInput['demand']> {
    const slots = new Map<string, number>();
    let minutes = 15;
    for (const m of a.meters) {
      for (const b of await this.store.metering.blocks.latestBlocks(m.address, ACTIVE_ENERGY_CHANNEL, from, to)) {
        minutes = b.slotMinutes;
        b.values.forEach((wh, i) => {
          const key = `${b.date}#${String(i).padStart(3, '0')}`;
          slots.set(key, (slots.get(key) ?? 0) + ((wh * m.multiplier) / 1000) * (60 / b.slotMinutes));
        });
      }
    }
    if (slots.size === 0) return undefined;
    return {
      intervalMinutes: minutes,
      kw: [...slots.entries()].sort((x, y) => (x[0] < y[0] ? -1 : 1)).map(([, kw]) => kw),
    };
  }

  /** Gathers what the detectors need for one account from the stores. */
  async inputFor(a: AccountToAssess, asOf: string, policies: readonly PolicyNoticeRow[]): Promise<SafeUsageInput> {
    const from = addDays(asOf, -(RISK_HISTORY_DAYS + RISK_PERIOD_DAYS - 1));
    const [profile] = await this.store.monitoring.risk.profiles([a.accountId]);
    const multiplier = new Map(a.meters.map((m) => [m.address, m.multiplier]));
    const sums = await this.store.metering.blocks.daySummaries(
      [...multiplier.keys()],
      ACTIVE_ENERGY_CHANNEL,
      from,
      asOf,
    );
    const temps = await this.store.monitoring.external.dailyTemperatures(a.orgId, from, asOf);
    const byDate = new Map<string, number>();
    for (const s of sums) byDate.set(s.date, (byDate.get(s.date) ?? 0) + s.sumValue * (multiplier.get(s.meterId) ?? 1));
    const days: DailyUsage[] = [...byDate.entries()].sort().map(([date, wh]) => {
      const weekday = localParts(localToInstant(date, 12 * 60)).weekday;
      const t = temps.get(date);
      return {
        date,
        kwh: wh / 1000,
        dayType: weekday === 0 || weekday === 6 ? 'restday' : 'workday',
        ...(t !== undefined ? { temperatureC: t / 10 } : {}),
      };
    });
    const periodFrom = localToInstant(addDays(asOf, -(RISK_PERIOD_DAYS - 1))).toISOString();
    const periodTo = localToInstant(addDays(asOf, 1)).toISOString();
    const summaries = await this.store.monitoring.pq.listSummaries([a.accountId], periodFrom, periodTo);
    const events = [];
    for (const m of a.meters) events.push(...(await this.store.metering.reads.events(m.address, periodFrom, periodTo)));
    const demand = await this.demand(a, addDays(asOf, -(RISK_PERIOD_DAYS - 1)), asOf);
    const production = await this.store.monitoring.external.production(a.accountId, from, asOf);
    const declared = accountDeclaredVoltage(a.voltageLevel);
    const instants = instantSamples(
      await this.store.metering.instants.latest(a.meters.map((m) => m.address)),
      a.meters,
      declared,
      periodFrom,
      new Date(Date.parse(periodTo) + RISK_INSTANT_LATE_MS).toISOString(),
    );
    const periodDays = days.filter((d) => d.date > addDays(asOf, -RISK_PERIOD_DAYS)).length;
    return {
      accountId: a.accountId,
      customerClass: a.customerClass,
      areaId: a.orgId,
      industry: profile?.industry ?? undefined,
      asOf,
      periodDays,
      days,
      capacityKva: a.capacityKva || undefined,
      declaredVoltageV: declared.referenceV,
      summaries: [
        ...summaries.map((s) => ({
          at: s.intervalStart,
          voltageV: s.voltageMv.filter((v): v is number => v !== null).map((v) => v / 1000),
          currentA: s.currentMa.filter((v): v is number => v !== null).map((v) => v / 1000),
          ...(s.neutralMa !== null ? { neutralCurrentA: s.neutralMa / 1000 } : {}),
          ...(s.powerFactorMilli !== null ? { powerFactor: s.powerFactorMilli / 1000 } : {}),
          ...(s.thdBp !== null ? { voltageThdPct: s.thdBp / 100 } : {}),
          ...(s.frequencyMhz !== null ? { frequencyHz: s.frequencyMhz / 1000 } : {}),
        })),
        ...instants,
      ],
      events: events.map((e) => ({ kind: e.kind, at: e.atUtc })),
      ...(demand ? { demand } : {}),
      policies: policies.map((p) => ({
        id: p.id,
        industry: p.industry,
        tag: p.tag,
        riskDelta: p.riskDelta,
        validFrom: p.validFrom,
        validTo: p.validTo,
        title: { zh: p.titleZh, en: p.titleEn },
      })),
      production: production.map((p) => ({ date: p.date, output: p.outputMilli / 1000, unit: p.unit })),
    };
  }
}
