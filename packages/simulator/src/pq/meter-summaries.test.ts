import { test } from 'node:test';
import assert from 'node:assert/strict';
import { assessSafeUsage } from '@meterflow/core/monitoring/safe-usage/index';
import { simulateSummaryDay, type SummaryDisturbanceKind } from './meter-summaries.ts';

const DAY_MS = Date.parse('2026-03-01T16:00:00Z');
/** Which safe-usage voltage finding each injected kind must raise. */
const EXPECTED: Partial<Record<SummaryDisturbanceKind, string>> = {
  thd: 'harmonics',
  frequency: 'frequency',
  undervoltage: 'undervoltage',
};

function findingsFor(summaries: ReturnType<typeof simulateSummaryDay>['summaries']) {
  return assessSafeUsage({
    accountId: 'a',
    customerClass: 'industrial',
    areaId: 'o',
    asOf: '2026-03-02',
    periodDays: 0,
    days: [],
    declaredVoltageV: 220,
    summaries: summaries.map((s) => ({
      at: s.intervalStart,
      voltageV: s.voltageV,
      voltageThdPct: s.thdPct,
      frequencyHz: s.frequencyHz,
      powerFactor: s.powerFactor,
    })),
  }).findings.map((f) => f.code);
}

test('clean summary days raise no voltage findings (no false alarms over 60 meter-days)', () => {
  for (let seed = 1; seed <= 60; seed++) {
    const day = simulateSummaryDay({ seed, meterId: `m${seed}`, dayStartMs: DAY_MS });
    assert.deepEqual(day.injected, []);
    assert.deepEqual(findingsFor(day.summaries), [], `seed ${seed}`);
  }
});

for (const [kind, code] of Object.entries(EXPECTED)) {
  test(`an injected ${kind} disturbance is in the ground truth and found as ${code}`, () => {
    const day = simulateSummaryDay({ seed: 7, meterId: 'm', dayStartMs: DAY_MS, rates: { [kind]: 1 } });
    assert.equal(day.injected.length, 1);
    assert.equal(day.injected[0].kind, kind);
    assert.ok(findingsFor(day.summaries).includes(code as string));
  });
}

test('injected dips and swells come out as events with their magnitude and are reproducible', () => {
  const a = simulateSummaryDay({ seed: 11, meterId: 'm', dayStartMs: DAY_MS, rates: { dip: 1, swell: 1 } });
  const b = simulateSummaryDay({ seed: 11, meterId: 'm', dayStartMs: DAY_MS, rates: { dip: 1, swell: 1 } });
  assert.deepEqual(a, b);
  assert.deepEqual(a.events.map((e) => e.kind).sort(), ['dip', 'swell']);
  for (const e of a.events) {
    const truth = a.injected.find((d) => d.kind === e.kind);
    assert.equal(e.extremePct, truth?.magnitude);
    assert.equal(e.durationMs, truth?.durationMs);
  }
  const unb = simulateSummaryDay({ seed: 3, meterId: 'm', dayStartMs: DAY_MS, rates: { unbalance: 1 } });
  const d = unb.injected[0];
  assert.ok(unb.summaries[d.fromInterval].unbalancePct >= 4);
});
