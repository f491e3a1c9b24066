/**
 * Demo data of the monitoring context: PQ profiles, one analysed waveform record, a week of monitor
 * summaries with dips, weather, a policy notice and safe-usage assessments — small and fast.
 */
import { addDays, localDate, localToInstant, type Clock } from '@meterflow/core';
import { assessSafeUsage, type DailyUsage, type SafeUsageInput } from '@meterflow/core/monitoring/safe-usage/index';
import type { AccountToAssess, Store } from '@meterflow/store';
import { PqRecordService } from './pq-record.service.ts';
import { PqSummaryService, type PqSummaryInput } from './pq-summary.service.ts';
import { lastMonday } from './pq-report.service.ts';
import { accountDeclaredVoltage } from './account-declared-voltage.ts';

/** Accounts given a PQ profile and an assessment (the demo customer's two and a few businesses). */
const DEMO_ACCOUNTS_MAX = 8;
const SAMPLE_RATE_HZ = 3200;
/** The demo customer 张伟's accounts (see demo-city-plan.ts) and the id just before them. */
const DEMO_CUSTOMER_ACCOUNTS = ['acc-620524-0001', 'acc-620524-0002'];
const DEMO_ACCOUNT_BEFORE = 'acc-620524-0000';
/** Accounts scanned for businesses to profile. */
const DEMO_SCAN_ACCOUNTS = 400;

/** A 2 s three-phase record with a dip to 45 % on phases a and b for 120 ms and 4 % 5th harmonic. */
function demoWaveformCsv(): Buffer {
  const lines = ['time,va,vb,vc'];
  for (let i = 0; i < 2 * SAMPLE_RATE_HZ; i++) {
    const t = i / SAMPLE_RATE_HZ;
    const dip = t >= 0.8 && t < 0.92 ? 0.45 : 1;
    const v = (k: number, f: number) => {
      const w = 2 * Math.PI * 50 * t - (2 * Math.PI * k) / 3;
      return (220 * Math.SQRT2 * (f * Math.sin(w) + 0.04 * Math.sin(5 * w))).toFixed(2);
    };
    lines.push(`${t.toFixed(6)},${v(0, dip)},${v(1, dip)},${v(2, 1)}`);
  }
  return Buffer.from(lines.join('\n'));
}

/** A week of 10-minute summaries around `referenceV` (the account's declared voltage; the shape is drawn at 220 V). */
function weekOfSummaries(weekStart: Date, seed: number, referenceV: number): PqSummaryInput[] {
  const k = referenceV / 220;
  return Array.from({ length: 7 * 144 }, (_, i) => {
    const hour = (i % 144) / 6;
    // Evening peak pulls the voltage down; a little seeded ripple keeps the chart honest-looking.
    const sag = hour >= 18 && hour < 22 ? 14 : 4;
    const ripple = ((i * 7919 + seed) % 11) / 5;
    return {
      intervalStart: new Date(weekStart.getTime() + i * 600_000).toISOString(),
      voltageV: [226 - sag + ripple, 227 - sag + ripple, 225 - sag + ripple].map((v) => v * k),
      thdPct: 2.5 + (hour >= 18 && hour < 22 ? 2.8 : 0) + ripple / 4,
      frequencyHz: 50 + (ripple - 1) / 100,
      unbalancePct: 0.6 + ripple / 10,
      powerFactor: 0.92,
    };
  });
}

function demoDays(asOf: string, baseKwh: number, lastWeekFactor: number): DailyUsage[] {
  return Array.from({ length: 42 }, (_, i) => {
    const date = addDays(asOf, i - 41);
    const t = 2 + 4 * Math.sin(i / 5);
    const rest = new Date(`${date}T00:00:00Z`).getUTCDay() % 6 === 0;
    const kwh = (baseKwh + 0.6 * Math.max(0, 18 - t) + (rest ? 3 : 0) + (i % 3) * 0.2) * (i >= 35 ? lastWeekFactor : 1);
    return { date, kwh, dayType: rest ? 'restday' : 'workday', temperatureC: t };
  });
}

/** Seeds the demo city's monitoring data (called once, right after the city). */
export async function seedDemoMonitoring(store: Store, clock: Clock): Promise<void> {
  const now = clock.now();
  const today = localDate(now);
  // The demo customer's accounts, then businesses of the same county (ids sort by county code).
  const mine = (await store.monitoring.risk.accountsToAssess(DEMO_ACCOUNT_BEFORE, 2)).filter((a) =>
    DEMO_CUSTOMER_ACCOUNTS.includes(a.accountId),
  );
  const after = mine.length ? mine[mine.length - 1].accountId : '';
  const page = await store.monitoring.risk.accountsToAssess(after, DEMO_SCAN_ACCOUNTS);
  const business = page.filter((a) => a.customerClass !== 'residential').slice(0, DEMO_ACCOUNTS_MAX - mine.length);
  const chosen = [...mine, ...business];
  await store.monitoring.risk.upsertProfiles(
    chosen.map((a, i) => ({
      accountId: a.accountId,
      categoryId: a.customerClass === 'residential' ? 'residential' : i % 2 ? 'semiconductor' : 'industrial',
      limitSetId: null,
      industry: a.customerClass === 'residential' ? 'household' : 'electronics',
      updatedAt: now.toISOString(),
    })),
  );
  await store.monitoring.external.upsertPolicies([
    {
      id: 'notice-2026-winter',
      industry: 'household',
      tag: 'winter-heating-safety',
      riskDelta: 10,
      validFrom: addDays(today, -30),
      validTo: null,
      titleZh: '冬季取暖安全用电提示',
      titleEn: 'Winter heating: safe use of electricity',
      createdAt: now.toISOString(),
    },
  ]);
  await seedPq(store, clock, chosen);
  await seedRisk(store, now, addDays(today, -1), chosen);
}

async function seedPq(store: Store, clock: Clock, chosen: AccountToAssess[]): Promise<void> {
  const records = new PqRecordService(store, clock);
  const summaries = new PqSummaryService(store, clock);
  for (const [i, a] of chosen.slice(0, 3).entries()) {
    const account = await store.accounts.get(a.accountId);
    if (!account) continue;
    await records.upload(
      account,
      { format: 'csv', fileName: `demo-${i + 1}.csv`, bytes: demoWaveformCsv(), nominalV: 220, nominalHz: 50 },
      null,
    );
  }
  const weekStart = localToInstant(lastMonday(clock.now()));
  for (const [i, a] of chosen.slice(0, 4).entries()) {
    const week = weekOfSummaries(weekStart, i, accountDeclaredVoltage(a.voltageLevel).referenceV);
    // One message a day, as a monitor sends them (a message holds at most 1,000 items).
    for (let d = 0; d < 7; d++)
      await summaries.ingest(`pqm-${i + 1}`, { accountId: a.accountId, summaries: week.slice(d * 144, (d + 1) * 144) });
    await summaries.ingest(`pqm-${i + 1}`, {
      accountId: a.accountId,
      summaries: [],
      events: [
        {
          kind: 'dip',
          startAt: new Date(weekStart.getTime() + (1 + i) * 86_400_000 + 9 * 3600_000).toISOString(),
          durationMs: 60 + 40 * i,
          extremePct: 82 - 12 * i,
          phases: ['va'],
        },
        {
          kind: 'dip',
          startAt: new Date(weekStart.getTime() + (3 + i) * 86_400_000 + 19 * 3600_000).toISOString(),
          durationMs: 300,
          extremePct: 55 + 5 * i,
          phases: ['va', 'vb'],
        },
        ...(i === 1
          ? [
              {
                kind: 'swell' as const,
                startAt: new Date(weekStart.getTime() + 5 * 86_400_000).toISOString(),
                durationMs: 40,
                extremePct: 118,
                phases: ['vc'],
              },
            ]
          : []),
      ],
    });
  }
}

async function seedRisk(store: Store, now: Date, asOf: string, chosen: AccountToAssess[]): Promise<void> {
  const policies = await store.monitoring.external.activePolicies(asOf);
  const rows = chosen.map((a, i) => {
    const udin = accountDeclaredVoltage(a.voltageLevel).referenceV;
    const input: SafeUsageInput = {
      accountId: a.accountId,
      customerClass: a.customerClass,
      areaId: a.orgId,
      industry: a.customerClass === 'residential' ? 'household' : 'electronics',
      asOf,
      periodDays: 7,
      days: demoDays(asOf, a.customerClass === 'residential' ? 8 : 300, i === 0 ? 1.8 : 1),
      capacityKva: a.capacityKva || undefined,
      declaredVoltageV: udin,
      demand:
        i === 2
          ? {
              intervalMinutes: 15,
              kw: Array.from({ length: 96 }, (_, k) => (k >= 40 && k < 52 ? a.capacityKva * 1.1 : a.capacityKva * 0.4)),
            }
          : undefined,
      summaries:
        i === 3
          ? [
              {
                at: now.toISOString(),
                voltageV: [1.005, 0.995, 0.27].map((f) => f * udin),
                currentA: [30, 28, 0],
                neutralCurrentA: 20,
              },
            ]
          : [],
      policies: policies.map((p) => ({ ...p, title: { zh: p.titleZh, en: p.titleEn } })),
    };
    const r = assessSafeUsage(input);
    return {
      accountId: a.accountId,
      asOf,
      orgId: a.orgId,
      assessedAt: now.toISOString(),
      score: r.score,
      level: r.level,
      alarm: r.alarm,
      findings: r.findings,
      reasons: r.reasons,
      advice: r.advice,
    };
  });
  await store.monitoring.risk.upsertAssessments(rows);
}
