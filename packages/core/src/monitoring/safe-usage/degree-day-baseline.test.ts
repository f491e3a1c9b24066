import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AppError } from '../../errors/error-codes.ts';
import { expectedKwh, fitDegreeDayBaseline } from './degree-day-baseline.ts';
import { fitLinear } from './least-squares.ts';
import { percentileRank } from './detectors/peer-comparison.ts';
import { resolveSafeUsageThresholds } from './safe-usage-thresholds.ts';
import { scoreRisk } from './risk-score.ts';
import type { DailyUsage } from './safe-usage-input.ts';

const bases = { heatingBaseC: 18, coolingBaseC: 24 };

test('least squares recovers exact coefficients and drops a column that never varies', () => {
  const rows = [0, 1, 2, 3, 4, 5].map((x) => [1, x, 0, x * x]);
  const fit = fitLinear(
    rows,
    rows.map((r) => 2 + 3 * r[1] - 0.5 * r[3]),
  );
  assert.deepEqual(fit.used, [true, true, false, true]);
  assert.deepEqual(
    fit.coefficients.map((c) => Math.round(c * 1e9) / 1e9),
    [2, 3, 0, -0.5],
  );
  assert.ok(fit.residualStd < 1e-9);
});

test('degree-day baseline: known heating, cooling and rest-day coefficients come back', () => {
  const temps = [-5, 0, 5, 10, 15, 20, 25, 30, 35, 12, 3, 28, 31, -2];
  const days: DailyUsage[] = temps.flatMap((t, i) =>
    (['workday', 'restday'] as const).map((dayType) => ({
      date: `2026-01-${String(i + 1).padStart(2, '0')}`,
      temperatureC: t,
      dayType,
      kwh: 20 + 0.8 * Math.max(0, 18 - t) + 1.5 * Math.max(0, t - 24) + (dayType === 'restday' ? -6 : 0),
    })),
  );
  const b = fitDegreeDayBaseline(days, bases);
  const r = (v: number) => Math.round(v * 1e6) / 1e6;
  assert.deepEqual(
    [r(b.interceptKwh), r(b.kwhPerHeatingDegreeDay), r(b.kwhPerCoolingDegreeDay), r(b.restdayShiftKwh)],
    [20, 0.8, 1.5, -6],
  );
  assert.equal(r(expectedKwh(b, { date: 'x', kwh: 0, dayType: 'restday', temperatureC: 8 }, bases)), 22);
  assert.equal(b.weatherAdjusted, true);
});

test('without temperatures the baseline is by day type only', () => {
  const days: DailyUsage[] = Array.from({ length: 14 }, (_, i) => ({
    date: `d${i}`,
    dayType: i % 7 >= 5 ? 'restday' : 'workday',
    kwh: i % 7 >= 5 ? 4 : 10,
  }));
  const b = fitDegreeDayBaseline(days, bases);
  assert.equal(b.weatherAdjusted, false);
  assert.equal(Math.round(expectedKwh(b, { date: 'x', kwh: 0, dayType: 'restday' }, bases) * 1e6) / 1e6, 4);
});

const rankCases: [number[], number, number][] = [
  [[1, 2, 3, 4], 5, 100],
  [[1, 2, 3, 4], 0, 0],
  [[1, 2, 3, 4], 3, 62.5],
];
for (const [peers, v, want] of rankCases)
  test(`percentile rank of ${v} among ${peers.join(',')} is ${want}`, () =>
    assert.equal(percentileRank(peers, v), want));

test('threshold overrides overlay the shipped ones and every bad key is reported at once', () => {
  assert.equal(resolveSafeUsageThresholds({ overload: { overloadPct: 110 } }).overload.overloadPct, 110);
  assert.equal(resolveSafeUsageThresholds().overload.overloadPct, 100);
  try {
    resolveSafeUsageThresholds({ overload: { overloadPct: 'x', nope: 1 }, score: 5 });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(e instanceof AppError);
    assert.deepEqual(e.details.map((d) => d.path).sort(), ['/overload/nope', '/overload/overloadPct', '/score']);
  }
});

test('risk points combine without passing 100 and favourable points subtract', () => {
  const t = resolveSafeUsageThresholds().score;
  const f = (points: number) => ({
    detector: 'd',
    code: 'c',
    severity: 'info' as const,
    points,
    evidence: {},
    reason: { zh: `${points}`, en: `${points}` },
    advice: { zh: 'a', en: 'a' },
  });
  assert.equal(scoreRisk([f(50), f(50)], t).score, 75);
  assert.equal(scoreRisk([f(100), f(90)], t).score, 100);
  assert.equal(scoreRisk([f(50), f(-20)], t).score, 30);
  assert.equal(scoreRisk([f(-20)], t).score, 0);
  const s = scoreRisk([f(10), f(60)], t);
  assert.deepEqual(
    s.reasons.map((r) => r.en),
    ['60', '10'],
  );
  assert.equal(s.alarm, true);
  assert.equal(s.level, 'high');
});
