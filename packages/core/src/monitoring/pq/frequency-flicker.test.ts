import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { flickerPercentiles, pltFromPst, pltSeries, pstFromPercentiles } from './flicker.ts';
import { frequencyByZeroCrossing, frequencySeries } from './frequency.ts';

const sine = (f: number, sr: number, seconds: number, harmonic5 = 0) =>
  Float64Array.from({ length: Math.round(sr * seconds) }, (_, i) => {
    const w = (2 * Math.PI * f * i) / sr;
    return 325 * Math.sin(w + 0.2) + harmonic5 * 325 * Math.sin(5 * w);
  });

for (const f of [49.5, 50, 50.2, 59.9, 60]) {
  test(`frequency: zero crossings give ${f} Hz, with and without 10 % 5th harmonic`, () => {
    assert.ok(Math.abs(frequencyByZeroCrossing(sine(f, 10240, 2), 10240) - f) < 1e-4);
    assert.ok(Math.abs(frequencyByZeroCrossing(sine(f, 10240, 2, 0.1), 10240) - f) < 1e-3);
  });
}

test('frequency: 10-second values over a longer record', () => {
  const series = frequencySeries(sine(50.1, 2000, 25), 2000);
  assert.deepEqual(
    series.map((v) => v.startS),
    [0, 10],
  );
  for (const v of series) assert.ok(Math.abs(v.frequencyHz - 50.1) < 1e-4);
});

const PST_CASES = [
  { pst: Array(12).fill(0.8), plt: 0.8 },
  { pst: [...Array(11).fill(1), 2], plt: Math.cbrt(19 / 12) },
  { pst: [0.5, 0.5, 0.5, 0.5, 0.5, 0.5, 1.5, 1.5, 1.5, 1.5, 1.5, 1.5], plt: Math.cbrt((6 * 0.125 + 6 * 3.375) / 12) },
];
for (const c of PST_CASES) {
  test(`flicker: Plt of [${c.pst.join(', ')}] = ${c.plt.toFixed(4)}`, () => {
    assert.ok(Math.abs(pltFromPst(c.pst) - c.plt) < 1e-12);
  });
}

test('flicker: Plt series takes whole blocks of 12 Pst values', () => {
  const values = pltSeries([...Array(12).fill(1), ...Array(12).fill(2), 5]);
  assert.deepEqual(
    values.map((v) => Math.round(v * 1e9) / 1e9),
    [1, 2],
  );
});

test('flicker: Pst from percentiles — equal percentiles x give √(0.5096 x)', () => {
  const x = 1 / 0.5096;
  assert.ok(Math.abs(pstFromPercentiles({ p0_1: x, p1s: x, p3s: x, p10s: x, p50s: x }) - 1) < 1e-12);
  assert.ok(Math.abs(pstFromPercentiles({ p0_1: 10, p1s: 0, p3s: 0, p10s: 0, p50s: 0 }) - Math.sqrt(0.314)) < 1e-12);
});

test('flicker: percentiles of a ramp of instantaneous flicker sensation', () => {
  // Pinst rising 0..1000 evenly: the level exceeded p % of the time is 1000 (1 − p/100).
  const ramp = Float64Array.from({ length: 100001 }, (_, i) => i / 100);
  const p = flickerPercentiles(ramp);
  assert.ok(Math.abs(p.p0_1 - 999) < 1e-6);
  assert.ok(Math.abs(p.p50s - (700 + 500 + 200) / 3) < 1e-6);
  assert.ok(Math.abs(p.p10s - (940 + 920 + 900 + 870 + 830) / 5) < 1e-6);
});

/** The zero-crossing count written as one plain loop with an "armed" flag, as the reference. */
function referenceFrequency(x: Float64Array, sr: number): number {
  const arm = -0.1 * x.reduce((m, v) => Math.max(m, Math.abs(v)), 0);
  let armed = false;
  const crossings: number[] = [];
  for (let i = 1; i < x.length; i++) {
    if (x[i] < arm) armed = true;
    if (armed && x[i - 1] <= 0 && x[i] > 0) {
      crossings.push(i - 1 + x[i - 1] / (x[i - 1] - x[i]));
      armed = false;
    }
  }
  const n = crossings.length;
  return n < 2 ? NaN : ((n - 1) * sr) / (crossings[n - 1] - crossings[0]);
}

test('frequency: the two-scan crossing search counts exactly the crossings of the one-loop reference', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 45, max: 65, noNaN: true }),
      fc.double({ min: 0, max: 0.3, noNaN: true }),
      fc.integer(),
      fc.integer({ min: 50, max: 3000 }),
      (f, noise, seed, length) => {
        let s = seed >>> 0;
        const x = Float64Array.from({ length }, (_, i) => {
          s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
          return (
            Math.sin((2 * Math.PI * f * i) / 3200) +
            0.2 * Math.sin((2 * Math.PI * 7 * f * i) / 3200) +
            noise * (s / 2 ** 31 - 1)
          );
        });
        const got = frequencyByZeroCrossing(x, 3200);
        const want = referenceFrequency(x, 3200);
        assert.ok(Object.is(got, want) || got === want, `${got} vs ${want}`);
      },
    ),
  );
});
