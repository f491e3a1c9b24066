import { test } from 'node:test';
import assert from 'node:assert/strict';
import { halfCycleRms } from './half-cycle-rms.ts';
import { DEFAULT_EVENT_THRESHOLDS_PCT, detectVoltageEvents } from './voltage-events.ts';

const SR = 10240;
const F = 50;
const CYCLE_S = 1 / F;
const UDIN = 230;

/** One phase with its amplitude set to `level(t)` (per unit) — a rectangular dip or swell. */
function phase(durationS: number, shiftDeg: number, level: (t: number) => number): Float64Array {
  return Float64Array.from({ length: Math.round(durationS * SR) }, (_, i) => {
    const t = i / SR;
    return UDIN * Math.SQRT2 * level(t) * Math.sin(2 * Math.PI * F * t + (shiftDeg * Math.PI) / 180);
  });
}
const box = (from: number, to: number, pu: number) => (t: number) => (t >= from && t < to ? pu : 1);
const thresholds = { ...DEFAULT_EVENT_THRESHOLDS_PCT, declaredVoltageV: UDIN };

const dipCases = [
  { residualPct: 70, startS: 0.3, durationS: 0.1 },
  { residualPct: 50, startS: 0.51, durationS: 0.25 },
  { residualPct: 20, startS: 0.205, durationS: 0.04 },
  { residualPct: 85, startS: 1.0, durationS: 0.5 },
];

for (const c of dipCases) {
  test(`events: single-phase dip to ${c.residualPct} % for ${c.durationS * 1000} ms is found within ±1 cycle`, () => {
    const x = phase(2, 0, box(c.startS, c.startS + c.durationS, c.residualPct / 100));
    const events = detectVoltageEvents([halfCycleRms(x, SR, F)], ['va'], thresholds);
    assert.equal(events.length, 1);
    const e = events[0];
    assert.equal(e.kind, 'dip');
    assert.deepEqual(e.phases, ['va']);
    assert.ok(Math.abs(e.startS - c.startS) <= CYCLE_S, `start ${e.startS}`);
    assert.ok(Math.abs(e.durationS - c.durationS) <= CYCLE_S, `duration ${e.durationS}`);
    assert.ok(Math.abs(e.extremePct - c.residualPct) < 0.5, `residual ${e.extremePct}`);
  });
}

test('events: polyphase dip starts on the first phase below and ends when the last recovers', () => {
  const a = phase(2, 0, box(0.5, 0.7, 0.6));
  const b = phase(2, -120, box(0.6, 0.9, 0.8));
  const c = phase(2, 120, () => 1);
  const rms = [a, b, c].map((x) => halfCycleRms(x, SR, F));
  const [e, ...rest] = detectVoltageEvents(rms, ['va', 'vb', 'vc'], thresholds);
  assert.equal(rest.length, 0);
  assert.deepEqual(e.phases, ['va', 'vb']);
  assert.ok(Math.abs(e.startS - 0.5) <= CYCLE_S && Math.abs(e.endS - 0.9) <= CYCLE_S, `${e.startS}..${e.endS}`);
  assert.ok(Math.abs(e.extremePct - 60) < 0.5);
});

test('events: an interruption needs all phases below 5 %, and is also a dip', () => {
  const all = [0, -120, 120].map((s) => phase(2, s, box(0.4, 0.8, 0.01)));
  const events = detectVoltageEvents(
    all.map((x) => halfCycleRms(x, SR, F)),
    ['va', 'vb', 'vc'],
    thresholds,
  );
  assert.deepEqual(events.map((e) => e.kind).sort(), ['dip', 'interruption']);
  const intr = events.find((e) => e.kind === 'interruption')!;
  assert.ok(Math.abs(intr.durationS - 0.4) <= CYCLE_S);
  const partial = [phase(2, 0, box(0.4, 0.8, 0.01)), phase(2, -120, () => 1), phase(2, 120, () => 1)];
  const kinds = detectVoltageEvents(
    partial.map((x) => halfCycleRms(x, SR, F)),
    ['va', 'vb', 'vc'],
    thresholds,
  ).map((e) => e.kind);
  assert.deepEqual(kinds, ['dip']);
});

test('events: interruption threshold is a parameter (10 % catches an 8 % residual, 5 % does not)', () => {
  const x = phase(2, 0, box(0.4, 0.8, 0.08));
  const rms = [halfCycleRms(x, SR, F)];
  const count = (pct: number) =>
    detectVoltageEvents(rms, ['va'], { ...thresholds, interruptionThresholdPct: pct }).filter(
      (e) => e.kind === 'interruption',
    ).length;
  assert.equal(count(10), 1);
  assert.equal(count(5), 0);
});

test('events: swell magnitude is the highest Urms(1/2)', () => {
  const x = phase(2, 0, box(0.6, 0.9, 1.2));
  const [e] = detectVoltageEvents([halfCycleRms(x, SR, F)], ['va'], thresholds);
  assert.equal(e.kind, 'swell');
  assert.ok(Math.abs(e.extremePct - 120) < 0.5);
  assert.ok(Math.abs(e.durationS - 0.3) <= CYCLE_S);
});

test('events: hysteresis keeps a voltage hovering between 90 % and 92 % inside one dip', () => {
  // 88 % → 91 % → 88 % → 100 %: 91 % is above the threshold but below threshold + hysteresis.
  const level = (t: number) => (t < 0.4 ? 1 : t < 0.6 ? 0.88 : t < 0.8 ? 0.91 : t < 1.0 ? 0.88 : 1);
  const rms = [halfCycleRms(phase(2, 0, level), SR, F)];
  assert.equal(detectVoltageEvents(rms, ['va'], thresholds).length, 1);
  assert.equal(detectVoltageEvents(rms, ['va'], { ...thresholds, hysteresisPct: 0 }).length, 2);
});

test('events: an event still running at the end of the record is marked ongoing', () => {
  const [e] = detectVoltageEvents([halfCycleRms(phase(1, 0, box(0.5, 2, 0.5)), SR, F)], ['va'], thresholds);
  assert.equal(e.ongoing, true);
});

test('events: Urms(1/2) of a steady sine is the RMS at any sample rate', () => {
  for (const [sr, f] of [
    [10240, 50],
    [10240, 60],
    [1200, 60],
  ]) {
    const x = Float64Array.from(
      { length: sr },
      (_, i) => UDIN * Math.SQRT2 * Math.sin((2 * Math.PI * f * i) / sr + 0.3),
    );
    const r = halfCycleRms(x, sr, f);
    assert.equal(r.valuesV.length, 2 * f - 1);
    for (const v of r.valuesV) assert.ok(Math.abs(v - UDIN) < UDIN * 1e-4, `${sr}/${f}: ${v}`);
  }
});
