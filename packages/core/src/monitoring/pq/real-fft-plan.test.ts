import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { RealFftPlan } from './real-fft-plan.ts';

/** The textbook O(N²) DFT, as the reference. */
function naiveDft(x: Float64Array, bins: number): { re: Float64Array; im: Float64Array } {
  const n = x.length;
  const re = new Float64Array(bins);
  const im = new Float64Array(bins);
  for (let k = 0; k < bins; k++)
    for (let t = 0; t < n; t++) {
      re[k] += x[t] * Math.cos((2 * Math.PI * k * t) / n);
      im[k] -= x[t] * Math.sin((2 * Math.PI * k * t) / n);
    }
  return { re, im };
}

const cases = [
  { size: 4, bins: 3 },
  { size: 8, bins: 5 },
  { size: 16, bins: 9 },
  { size: 32, bins: 7 },
  { size: 256, bins: 129 },
  { size: 2048, bins: 510 },
];

for (const { size, bins } of cases) {
  test(`real FFT of ${size} points matches the DFT on bins 0..${bins - 1}, at an offset`, () => {
    const offset = 3;
    const x = Float64Array.from({ length: size + offset }, (_, i) => Math.sin(i * 0.37) + ((i * 7) % 5) * 0.2 - 0.4);
    const plan = new RealFftPlan(size);
    const re = new Float64Array(bins);
    const im = new Float64Array(bins);
    plan.forward(x, offset, re, im, bins);
    const ref = naiveDft(x.subarray(offset), bins);
    for (let k = 0; k < bins; k++) {
      assert.ok(Math.abs(re[k] - ref.re[k]) < 1e-8 * size, `re[${k}]`);
      assert.ok(Math.abs(im[k] - ref.im[k]) < 1e-8 * size, `im[${k}]`);
    }
  });
}

test('a cosine at bin 10 of 2,048 points lands in bin 10 only, with amplitude N/2', () => {
  const n = 2048;
  const x = Float64Array.from({ length: n }, (_, i) => 3 * Math.cos((2 * Math.PI * 10 * i) / n));
  const re = new Float64Array(60);
  const im = new Float64Array(60);
  new RealFftPlan(n).forward(x, 0, re, im, 60);
  for (let k = 0; k < 60; k++) assert.ok(Math.abs(Math.hypot(re[k], im[k]) - (k === 10 ? 3 * 1024 : 0)) < 1e-7);
});

test('reusing a plan gives the same bins for the same window (no state leaks between calls)', () => {
  fc.assert(
    fc.property(fc.array(fc.double({ min: -1e3, max: 1e3, noNaN: true }), { minLength: 64, maxLength: 64 }), (xs) => {
      const plan = new RealFftPlan(64);
      const x = Float64Array.from(xs);
      const a = { re: new Float64Array(33), im: new Float64Array(33) };
      const b = { re: new Float64Array(33), im: new Float64Array(33) };
      plan.forward(x, 0, a.re, a.im, 33);
      plan.forward(new Float64Array(64).fill(1), 0, b.re, b.im, 33);
      plan.forward(x, 0, b.re, b.im, 33);
      assert.deepEqual(a, b);
      assert.ok(Math.abs(a.re[0] - xs.reduce((s, v) => s + v, 0)) < 1e-6);
    }),
  );
});

test('random windows of random power-of-two sizes match the DFT on every bin, the power |X|² and the returned energy Σx²', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 2, max: 9 }).chain((bits) =>
        fc.record({
          xs: fc.array(fc.double({ min: -1e4, max: 1e4, noNaN: true }), { minLength: 2 ** bits, maxLength: 2 ** bits }),
          offset: fc.integer({ min: 0, max: 5 }),
        }),
      ),
      ({ xs, offset }) => {
        const size = xs.length;
        const bins = size / 2 + 1;
        const x = new Float64Array(offset + size);
        x.set(xs, offset);
        const re = new Float64Array(bins);
        const im = new Float64Array(bins);
        const power = new Float64Array(bins);
        const energy = new RealFftPlan(size).forward(x, offset, re, im, bins, power);
        const ref = naiveDft(Float64Array.from(xs), bins);
        const scale = Math.max(1, ...xs.map(Math.abs)) * size;
        for (let k = 0; k < bins; k++) {
          assert.ok(Math.abs(re[k] - ref.re[k]) <= 1e-12 * scale, `re[${k}] ${re[k]} vs ${ref.re[k]}`);
          assert.ok(Math.abs(im[k] - ref.im[k]) <= 1e-12 * scale, `im[${k}] ${im[k]} vs ${ref.im[k]}`);
          assert.ok(Math.abs(power[k] - (re[k] * re[k] + im[k] * im[k])) <= 1e-12 * scale * scale, `power[${k}]`);
        }
        const sumSq = xs.reduce((s, v) => s + v * v, 0);
        assert.ok(Math.abs(energy - sumSq) <= 1e-12 * Math.max(1, sumSq));
      },
    ),
    { numRuns: 200 },
  );
});

test('10 cycles of 50 Hz at 10.24 kHz with a 5th, 7th and an interharmonic: each in its own bin with its phase', () => {
  const n = 2048;
  const rate = 10240;
  // [frequency Hz, RMS, phase rad]: bins are 5 Hz apart, so 50 Hz is bin 10, 250 Hz bin 50, 362.5 Hz is not a bin.
  const parts = [
    [50, 230, 0.3],
    [250, 6.9, -1.1],
    [350, 4.6, 2.0],
    [2500, 0.5, 0.7],
    [2545, 0.25, 0],
  ];
  const x = Float64Array.from({ length: n }, (_, i) =>
    parts.reduce((s, [f, rms, ph]) => s + rms * Math.SQRT2 * Math.cos((2 * Math.PI * f * i) / rate + ph), 0),
  );
  const re = new Float64Array(510);
  const im = new Float64Array(510);
  new RealFftPlan(n).forward(x, 0, re, im, 510);
  const expected = new Map(parts.map(([f, rms, ph]) => [f / 5, { rms, ph }]));
  for (let k = 0; k < 510; k++) {
    const rms = (Math.hypot(re[k], im[k]) * Math.SQRT2) / n;
    const e = expected.get(k);
    assert.ok(Math.abs(rms - (e?.rms ?? 0)) < 1e-9, `bin ${k}: ${rms}`);
    if (e) assert.ok(Math.abs(Math.atan2(im[k], re[k]) - e.ph) < 1e-9, `phase of bin ${k}`);
  }
});

test('sizes that are not powers of two are refused', () => {
  for (const size of [0, 2, 6, 100, 2.5]) assert.throws(() => new RealFftPlan(size), RangeError);
});
