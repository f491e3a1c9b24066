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

test('sizes that are not powers of two are refused', () => {
  for (const size of [0, 2, 6, 100, 2.5]) assert.throws(() => new RealFftPlan(size), RangeError);
});
