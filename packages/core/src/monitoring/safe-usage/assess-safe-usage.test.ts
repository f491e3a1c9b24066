import { test } from 'node:test';
import assert from 'node:assert/strict';
import cases from '../../../test/fixtures/safe-usage/safe-usage-cases.json' with { type: 'json' };
import { assessSafeUsage } from './assess-safe-usage.ts';
import type { DailyUsage, SafeUsageInput } from './safe-usage-input.ts';

type Case = (typeof cases.cases)[number] & Record<string, unknown>;
const START_MS = Date.UTC(2026, 0, 1);
const dateOf = (i: number): string => new Date(START_MS + i * 86_400_000).toISOString().slice(0, 10);

/** Days from the case's generator: known coefficients, small alternating noise. */
function generate(g: Case['gen'] & { periodTempC?: number }): DailyUsage[] {
  return Array.from({ length: g.days }, (_, i) => {
    const inPeriod = i >= g.days - g.periodDays;
    const t = inPeriod && g.periodTempC !== undefined ? g.periodTempC : g.tempMean + g.tempSwing * Math.sin(i * 0.7);
    const rest = i % 7 >= 5;
    const kwh =
      g.base +
      g.perHdd * Math.max(0, 18 - t) +
      g.perCdd * Math.max(0, t - 24) +
      (rest ? g.restShift : 0) +
      (i % 2 ? g.noiseKwh : -g.noiseKwh);
    return {
      date: dateOf(i),
      kwh: kwh * (inPeriod ? g.periodFactor : 1),
      dayType: rest ? 'restday' : 'workday',
      temperatureC: t,
    };
  });
}

function inputOf(c: Case): SafeUsageInput {
  const days = generate(c.gen);
  const demand = c.demandKw as { intervalMinutes: number; pattern: [number, number][] } | undefined;
  const prod = c.production as
    { historyOutput: number; periodOutput: number; idleDaysAtEnd: number; unit: string } | undefined;
  return {
    accountId: 'a1',
    customerClass: 'industrial',
    areaId: 'o3',
    industry: c.industry as string | undefined,
    asOf: days[days.length - 1].date,
    periodDays: c.gen.periodDays,
    days,
    capacityKva: c.capacityKva as number | undefined,
    declaredVoltageV: 220,
    demand: demand && {
      intervalMinutes: demand.intervalMinutes,
      kw: demand.pattern.flatMap(([kw, n]) => Array<number>(n).fill(kw)),
    },
    peerDailyKwh: c.peers as number[] | undefined,
    summaries: (c.summaries as object[] | undefined)?.map((s, i) => ({
      at: `${days[0].date}T0${i}:00:00Z`,
      voltageV: [],
      ...s,
    })),
    events: (c.events as string[] | undefined)?.map((kind) => ({ kind, at: `${days[0].date}T00:00:00Z` })),
    policies: (c.policies as object[] | undefined)?.map((p) => ({
      title: { zh: '通知', en: 'Notice' },
      ...p,
    })) as SafeUsageInput['policies'],
    production:
      prod &&
      days.map((d, i) => ({
        date: d.date,
        output:
          i >= days.length - prod.idleDaysAtEnd
            ? 0
            : i >= days.length - c.gen.periodDays
              ? prod.periodOutput
              : prod.historyOutput,
        unit: prod.unit,
      })),
  };
}

for (const c of cases.cases as Case[]) {
  test(`safe usage: ${c.name}`, () => {
    const a = assessSafeUsage(inputOf(c));
    assert.deepEqual(a.findings.map((f) => f.code).sort(), c.expect.codes);
    assert.ok(a.score >= c.expect.scoreMin && a.score <= c.expect.scoreMax, `score ${a.score}`);
    assert.equal(a.level, c.expect.level);
    assert.equal(a.reasons.length, a.findings.length);
    for (const f of a.findings) assert.ok(f.reason.zh && f.reason.en && f.advice.zh && f.advice.en, f.code);
    assert.ok(a.advice.length >= 1);
  });
}
