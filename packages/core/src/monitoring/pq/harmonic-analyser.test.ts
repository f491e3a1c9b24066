import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { fillGroups, HarmonicAnalyser, type HarmonicWindow } from './harmonic-analyser.ts';

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

/** IEC 61000-4-7 sums written out bin by bin, as the reference for the one-pass `fillGroups`. */
function referenceGroups(p: Float64Array, c: number, maxOrder: number) {
  const at = (k: number): number => (k >= 0 ? p[k] : 0);
  const rows = Array.from({ length: maxOrder + 1 }, (_, n) => {
    const k = n * c;
    let group = 0;
    for (let i = -Math.floor(c / 2); i <= Math.floor(c / 2); i++)
      group += (c % 2 === 0 && Math.abs(i) === c / 2 ? 0.5 : 1) * at(k + i);
    let inter = 0;
    let centred = 0;
    for (let i = 1; i < c; i++) inter += p[k + i];
    for (let i = 2; i <= c - 2; i++) centred += p[k + i];
    return { harmonic: p[k], group, sub: at(k - 1) + p[k] + p[k + 1], inter, centred };
  });
  return rows;
}

test('harmonics: one-pass groups equal the bin-by-bin sums for any cycles per window', () => {
  fc.assert(
    fc.property(fc.integer({ min: 2, max: 13 }), fc.integer({ min: 1, max: 8 }), fc.integer(), (c, maxOrder, seed) => {
      let s = seed >>> 0;
      const p = Float64Array.from({ length: (maxOrder + 1) * c }, () => {
        s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
        return (s / 2 ** 32) * 100;
      });
      const out: HarmonicWindow = {
        maxOrder,
        harmonicRms: new Float64Array(maxOrder + 1),
        groupRms: new Float64Array(maxOrder + 1),
        subgroupRms: new Float64Array(maxOrder + 1),
        interharmonicGroupRms: new Float64Array(maxOrder + 1),
        centredSubgroupRms: new Float64Array(maxOrder + 1),
        fundamentalRe: 0,
        fundamentalIm: 0,
        thd: 0,
        thdg: 0,
        thds: 0,
        windowRms: 0,
      };
      fillGroups(p, c, maxOrder, out);
      const close = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9 * Math.max(1, b);
      referenceGroups(p, c, maxOrder).forEach((r, n) => {
        assert.ok(close(out.harmonicRms[n], Math.sqrt(r.harmonic)), `harmonic ${n}`);
        assert.ok(close(out.groupRms[n], Math.sqrt(r.group)), `group ${n}`);
        assert.ok(close(out.subgroupRms[n], Math.sqrt(r.sub)), `subgroup ${n}`);
        assert.ok(close(out.interharmonicGroupRms[n], Math.sqrt(r.inter)), `interharmonic group ${n}`);
        assert.ok(close(out.centredSubgroupRms[n], Math.sqrt(r.centred)), `centred subgroup ${n}`);
      });
    }),
  );
});

test('harmonics: a nominal frequency too low for two cycles per window is refused', () => {
  assert.throws(() => new HarmonicAnalyser(1000, 5), RangeError);
  assert.equal(new HarmonicAnalyser(1000, 16.7).cycles, 3);
});
