import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysePowerQuality } from './analyse-power-quality.ts';

const SR = 10240;
const F = 50;
const UDIN = 230;

function threePhase(seconds: number, opts: { dip?: [number, number, number]; u2?: number; h5Pct?: number } = {}) {
  return [0, -120, 120].map((deg, k) => ({
    name: ['va', 'vb', 'vc'][k],
    samples: Float64Array.from({ length: seconds * SR }, (_, i) => {
      const t = i / SR;
      const th = 2 * Math.PI * F * t;
      const s = (deg * Math.PI) / 180;
      const level = opts.dip && k === 0 && t >= opts.dip[0] && t < opts.dip[1] ? opts.dip[2] : 1;
      const v =
        level * Math.sin(th + s) +
        ((opts.u2 ?? 0) / 100) * Math.sin(th - s) +
        ((opts.h5Pct ?? 0) / 100) * Math.sin(5 * (th + s));
      return UDIN * Math.SQRT2 * v;
    }),
  }));
}

test('pipeline: a pure three-phase sine has RMS 230 V, THD ≈ 0, 50 Hz, no unbalance, no events', () => {
  const r = analysePowerQuality({ sampleRateHz: SR, nominalHz: F, declaredVoltageV: UDIN, voltages: threePhase(2) });
  assert.equal(r.events.length, 0);
  assert.equal(r.record.windows, 10);
  for (const m of r.metrics.rmsV) assert.ok(Math.abs(m.tenCycle.mean - UDIN) < 1e-3);
  for (const h of r.metrics.harmonics) assert.ok(h.thdPct.max < 1e-6);
  assert.ok(Math.abs(r.metrics.frequency.meanHz - F) < 1e-3);
  assert.ok(r.metrics.unbalance!.u2Pct.max < 1e-6);
  assert.equal(r.metrics.compliance.compliant, true);
});

test('pipeline: dip, 5th harmonic and unbalance are all reported, and the dip flags its 10-minute interval', () => {
  const r = analysePowerQuality({
    sampleRateHz: SR,
    nominalHz: F,
    declaredVoltageV: UDIN,
    voltages: threePhase(3, { dip: [1, 1.2, 0.5], u2: 3, h5Pct: 6 }),
    startTimeMs: Date.UTC(2024, 0, 1, 0, 0, 10),
  });
  assert.deepEqual(
    r.events.map((e) => [e.kind, e.phases.join()]),
    [['dip', 'va']],
  );
  assert.equal(r.events[0].startMs, Date.UTC(2024, 0, 1, 0, 0, 10) + Math.round(r.events[0].startS * 1000));
  const vb = r.metrics.harmonics[1];
  assert.ok(Math.abs(vb.groupPct[5] - 6 / 1.03) < 0.3, `5th ${vb.groupPct[5]}`);
  const steady = analysePowerQuality({
    sampleRateHz: SR,
    nominalHz: F,
    declaredVoltageV: UDIN,
    voltages: threePhase(2, { u2: 3, h5Pct: 6 }),
  });
  assert.ok(Math.abs(steady.metrics.unbalance!.u2Pct.p95 - 3) < 1e-6, `u2 ${steady.metrics.unbalance!.u2Pct.p95}`);
  assert.ok(Math.abs(steady.metrics.unbalance!.lineMagnitudeU2Pct.p95 - 3) < 1e-4);
  assert.deepEqual(
    r.metrics.tenMinute[0].values.map((v) => v.flagged),
    [true],
  );
  assert.equal(r.metrics.compliance.excludedFlaggedIntervals, 1);
});
