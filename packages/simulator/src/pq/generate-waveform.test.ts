import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysePowerQuality } from '@meterflow/core/monitoring/pq/index';
import { generateWaveform, type Disturbance } from './generate-waveform.ts';

const CYCLE_S = 0.02;
const base = { sampleRateHz: 10240, nominalHz: 50, declaredVoltageV: 230, durationS: 4 };

const EVENT_CASES: { name: string; disturbances: Disturbance[] }[] = [
  {
    name: 'dip on phase a',
    disturbances: [{ kind: 'dip', startS: 1, durationS: 0.3, residualPct: 40, phases: ['a'] }],
  },
  {
    name: 'three-phase dip',
    disturbances: [{ kind: 'dip', startS: 0.55, durationS: 0.12, residualPct: 70, phases: ['a', 'b', 'c'] }],
  },
  {
    name: 'swell on b and c',
    disturbances: [{ kind: 'swell', startS: 2, durationS: 0.5, magnitudePct: 120, phases: ['b', 'c'] }],
  },
  { name: 'interruption', disturbances: [{ kind: 'interruption', startS: 1.5, durationS: 1, residualPct: 0 }] },
];

for (const c of EVENT_CASES) {
  test(`simulator → engine: ${c.name} found where it was injected (±1 cycle)`, () => {
    const w = generateWaveform({ ...base, noiseV: 0.5, seed: 7, disturbances: c.disturbances });
    const r = analysePowerQuality({ ...w, voltages: w.voltages });
    for (const truth of w.truth) {
      const hit = r.events.find((e) => e.kind === truth.kind);
      assert.ok(hit, `${truth.kind} not found in ${JSON.stringify(r.events)}`);
      assert.ok(Math.abs(hit.startS - (truth as { startS: number }).startS) <= CYCLE_S, `start ${hit.startS}`);
      assert.ok(
        Math.abs(hit.durationS - (truth as { durationS: number }).durationS) <= CYCLE_S,
        `duration ${hit.durationS}`,
      );
      assert.ok(
        Math.abs(hit.extremeV - truth.expectedV!) < 0.01 * 230 + 1,
        `extreme ${hit.extremeV} vs ${truth.expectedV}`,
      );
      if ('phases' in truth)
        assert.deepEqual(
          hit.phases,
          truth.phases.map((p) => `v${p}`),
        );
    }
  });
}

test('simulator → engine: harmonics, interharmonic, unbalance and frequency come back as injected', () => {
  const w = generateWaveform({
    ...base,
    durationS: 2,
    currentA: 100,
    currentLagDeg: 30,
    currentHarmonics: [{ order: 5, pct: 20 }],
    disturbances: [
      { kind: 'harmonic', order: 5, pct: 4 },
      { kind: 'harmonic', order: 7, pct: 3 },
      { kind: 'interharmonic', frequencyHz: 265, pct: 1 },
      { kind: 'unbalance', negativeSequencePct: 2 },
    ],
  });
  const r = analysePowerQuality({ ...w });
  const va = r.metrics.harmonics[0];
  // 265 Hz sits inside the 5th group but outside its subgroup. On phase a the negative sequence
  // adds in phase to the positive one, so the fundamental is 1.02 per unit.
  const fa = 1.02;
  assert.ok(Math.abs(va.subgroupPct[5] - 4 / fa) < 0.01, `S5 ${va.subgroupPct[5]}`);
  assert.ok(Math.abs(va.groupPct[5] - Math.sqrt(17) / fa) < 0.01, `G5 ${va.groupPct[5]}`);
  assert.ok(Math.abs(va.thdPct.mean - 5 / fa) < 0.01, `THD ${va.thdPct.mean}`);
  assert.ok(Math.abs(r.metrics.harmonics[3].groupPct[5] - 20) < 0.01, 'current 5th');
  assert.ok(Math.abs(r.metrics.unbalance!.u2Pct.mean - 2) < 0.01);
  assert.ok(Math.abs(r.metrics.frequency.meanHz - 50) < 0.01);
});

test('simulator: a frequency excursion keeps the waveform continuous and shows in zero crossings', () => {
  const w = generateWaveform({
    ...base,
    durationS: 2,
    disturbances: [{ kind: 'frequency', startS: 0, durationS: 2, frequencyHz: 49.8 }],
  });
  const r = analysePowerQuality({ ...w });
  assert.ok(Math.abs(r.metrics.frequency.meanHz - 49.8) < 1e-3);
  assert.deepEqual(w.truth, [{ kind: 'frequency', startS: 0, durationS: 2, frequencyHz: 49.8, endS: 2 }]);
});

test('simulator: the same seed gives the same noise', () => {
  const spec = { ...base, durationS: 0.1, noiseV: 1, seed: 42, disturbances: [] };
  assert.deepEqual(generateWaveform(spec).voltages[0].samples, generateWaveform(spec).voltages[0].samples);
});
