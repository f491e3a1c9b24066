import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { HarmonicAnalyser, type HarmonicWindow } from './harmonic-analyser.ts';

interface Case {
  name: string;
  sampleRateHz: number;
  nominalHz: number;
  components: { frequencyHz: number; rmsV: number }[];
  expect: Record<string, number | string | Record<string, number>>;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/pq/harmonic-cases.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

function signal(c: Case, samples: number): Float64Array {
  return Float64Array.from({ length: samples }, (_, i) =>
    c.components.reduce(
      (s, k, j) => s + k.rmsV * Math.SQRT2 * Math.sin((2 * Math.PI * k.frequencyHz * i) / c.sampleRateHz + 0.4 * j),
      0,
    ),
  );
}

const ARRAYS = ['harmonicRms', 'groupRms', 'subgroupRms', 'interharmonicGroupRms', 'centredSubgroupRms'] as const;
const TOLERANCE_V = 1e-6;

for (const c of fixture.cases) {
  test(`harmonics: ${c.name}`, () => {
    const a = new HarmonicAnalyser(c.sampleRateHz, c.nominalHz);
    assert.equal(a.windowSamples, Math.round((a.cycles * c.sampleRateHz) / c.nominalHz));
    const x = signal(c, a.windowSamples * 2);
    const out = a.analyse(x, a.windowSamples, a.createResult());
    for (const key of ARRAYS) {
      for (const [order, want] of Object.entries((c.expect[key] ?? {}) as Record<string, number>)) {
        const got = out[key][Number(order)];
        assert.ok(Math.abs(got - want) < TOLERANCE_V, `${key}[${order}] = ${got}, want ${want}`);
      }
    }
    for (const key of ['thd', 'thdg', 'thds'] as const) {
      if (typeof c.expect[key] !== 'number') continue;
      const got = (out as HarmonicWindow)[key];
      assert.ok(Math.abs(got - (c.expect[key] as number)) < 1e-9, `${key} = ${got}, want ${c.expect[key]}`);
    }
  });
}

test('harmonics: window RMS and the fundamental phasor of a pure sine', () => {
  const a = new HarmonicAnalyser(10240, 50);
  assert.equal(a.windowSamples, 2048);
  assert.equal(a.maxOrder, 50);
  const x = Float64Array.from({ length: 2048 }, (_, i) => 230 * Math.SQRT2 * Math.cos((2 * Math.PI * 50 * i) / 10240));
  const out = a.analyse(x, 0, a.createResult());
  assert.ok(Math.abs(out.windowRms - 230) < 1e-9);
  assert.ok(Math.abs(out.fundamentalRe - 230) < 1e-9 && Math.abs(out.fundamentalIm) < 1e-9);
});

test('harmonics: the highest order is capped below the Nyquist frequency', () => {
  // 1,200 samples/s at 60 Hz: 240-sample window, Nyquist bin 120, so groups fit up to order 9.
  assert.equal(new HarmonicAnalyser(1200, 60).maxOrder, 9);
  assert.equal(new HarmonicAnalyser(10240, 50, 40).maxOrder, 40);
});
