import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { aggregateByClock, aggregateByCount, TEN_MINUTES_MS } from './aggregation.ts';
import { evaluateCompliance } from './compliance.ts';
import { customerCategoryIds, getCustomerCategory } from './customer-category.ts';
import { getLimitSet, limitSetIds, parseLimitSets } from './limit-set.ts';
import { getToleranceCurve, placeDipOnCurve, placeSwellOnCurve } from './tolerance-curve.ts';
import { buildWeeklyReport } from './weekly-report.ts';

const curveCases = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/pq/curve-cases.json', import.meta.url), 'utf8'),
) as {
  cases: { curve: string; kind: 'dip' | 'swell'; pct: number; durationS: number; inside: boolean }[];
};

for (const c of curveCases.cases) {
  test(`curve: ${c.kind} at ${c.pct} % for ${c.durationS} s is ${c.inside ? 'inside' : 'outside'} ${c.curve}`, () => {
    const curve = getToleranceCurve(c.curve);
    const place = c.kind === 'dip' ? placeDipOnCurve : placeSwellOnCurve;
    assert.equal(place(curve, c.pct, c.durationS).inside, c.inside);
  });
}

test('aggregation: 10-minute values are clock-aligned RMS of their parts and flagged by events', () => {
  const start = Date.UTC(2024, 2, 4, 1, 58); // 09:58 Beijing time: the first interval is cut short
  const times = Float64Array.from({ length: 6 }, (_, i) => start + i * 60_000);
  const values = Float64Array.from([3, 4, 220, 230, 240, 230]);
  const out = aggregateByClock(values, times, TEN_MINUTES_MS, [
    { startMs: start + 3.5 * 60_000, endMs: start + 3.6 * 60_000 },
  ]);
  assert.deepEqual(
    out.map((v) => [new Date(v.startMs).toISOString(), v.count, v.flagged]),
    [
      ['2024-03-04T01:50:00.000Z', 2, false],
      ['2024-03-04T02:00:00.000Z', 4, true],
    ],
  );
  assert.ok(Math.abs(out[0].value - Math.sqrt(12.5)) < 1e-12);
  assert.deepEqual(Array.from(aggregateByCount(Float64Array.from([3, 4, 5, 5]), 2)), [Math.sqrt(12.5), 5]);
});

test('limit sets: all three ship, parse, and a broken document lists every problem', () => {
  assert.deepEqual(limitSetIds(), ['cn', 'en50160', 'ieee519']);
  assert.equal(getLimitSet().id, 'cn');
  assert.throws(
    () => parseLimitSets({ sets: { x: { limits: [{ quantity: 'bogus', percentile: 101 }] } } }),
    (e: { code: string; details: { path: string }[] }) =>
      e.code === 'VALIDATION_FAILED' &&
      e.details.map((d) => d.path).join() === '/sets/x/limits/0/quantity,/sets/x/limits/0,/sets/x/limits/0/percentile',
  );
  assert.throws(() => getLimitSet('gb9999'), /unknown "gb9999"/);
});

test('compliance: the 95th percentile against the bound, per phase count', () => {
  const ramp = Array.from({ length: 100 }, (_, i) => i / 20); // 0 .. 4.95 %
  const ok = evaluateCompliance({ phaseCount: 3, series: { voltageThdPct: ramp } }, getLimitSet('cn'));
  const thd = ok.rows.find((r) => r.quantity === 'voltageThdPct')!;
  assert.equal(thd.pass, true);
  assert.ok(Math.abs(thd.valueAtPercentile - 4.7025) < 1e-9);
  const bad = evaluateCompliance(
    { phaseCount: 3, series: { voltageThdPct: ramp.map((v) => v * 1.2) } },
    getLimitSet('cn'),
  );
  assert.equal(bad.rows.find((r) => r.quantity === 'voltageThdPct')!.pass, false);
  assert.equal(bad.compliant, false);
  const single = evaluateCompliance(
    { phaseCount: 1, series: { voltageDeviationPct: [-9, -8, 0, 6] } },
    getLimitSet('cn'),
  );
  const dev = single.rows.filter((r) => r.quantity === 'voltageDeviationPct');
  assert.equal(dev.length, 1);
  assert.equal(dev[0].min, -10);
  assert.equal(dev[0].pass, true);
});

test('compliance: the worst odd harmonic order is named; unbalance short-term maximum is judged', () => {
  const stats = {
    phaseCount: 3,
    series: { unbalancePct: [...Array(99).fill(1), 4.5] },
    harmonicPct: { 3: [1, 1], 5: [4.5, 4.5], 2: [0.5, 0.5] },
  };
  const rows = evaluateCompliance(stats, getLimitSet('cn')).rows;
  const odd = rows.find((r) => r.quantity === 'oddHarmonicPct')!;
  assert.deepEqual([odd.order, odd.pass], [5, false]);
  assert.equal(rows.find((r) => r.quantity === 'evenHarmonicPct')!.pass, true);
  assert.equal(rows.find((r) => r.quantity === 'unbalancePct')!.pass, false);
});

test('categories: each names a shipped limit set and curve; semiconductors are judged by SEMI F47', () => {
  for (const id of customerCategoryIds()) {
    const c = getCustomerCategory(id);
    assert.ok(getLimitSet(c.limitSetId) && getToleranceCurve(c.curveId));
  }
  assert.equal(getCustomerCategory('semiconductor').curveId, 'semi-f47');
  assert.equal(customerCategoryIds().length, 6);
});

test('weekly report: percentiles, events on the curve and a bilingual explanation', () => {
  const report = buildWeeklyReport({
    categoryId: 'semiconductor',
    weekStartMs: Date.UTC(2024, 2, 3, 16),
    statistics: { phaseCount: 3, series: { voltageThdPct: Array(1008).fill(6), unbalancePct: Array(1008).fill(0.5) } },
    events: [
      { kind: 'dip', startMs: Date.UTC(2024, 2, 5), durationS: 0.15, extremePct: 60, phases: ['va'] },
      { kind: 'dip', startMs: Date.UTC(2024, 2, 6), durationS: 0.15, extremePct: 40, phases: ['va', 'vb'] },
    ],
  });
  assert.equal(report.limitSetId, 'cn');
  assert.equal(report.curveId, 'semi-f47');
  assert.equal(report.compliant, false);
  assert.deepEqual(
    report.events.map((e) => e.curve.inside),
    [true, false],
  );
  assert.equal(report.eventsOutsideCurve, 1);
  assert.match(report.explanation.en, /1 of 2 limits/);
  assert.match(report.explanation.en, /voltage THD at the 95th percentile is 6%, beyond the limit of 5%/);
  assert.match(report.explanation.zh, /电压总谐波畸变率第 95 百分位数为 6%，超出限值 5%/);
  assert.match(report.explanation.zh, /其中 1 次超出/);
});
