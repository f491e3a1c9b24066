import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { compilePfTable, pfAdjustmentBp, powerFactorHundredths } from './power-factor.ts';

test('power factor rounds half-up to hundredths', () => {
  assert.equal(powerFactorHundredths(800, 600), 80); // 3-4-5 triangle: exactly 0.80
  assert.equal(powerFactorHundredths(1000, 0), 100);
  assert.equal(powerFactorHundredths(0, 0), undefined);
  assert.equal(powerFactorHundredths(0, 5), 0);
  assert.equal(powerFactorHundredths(120_000_000, 60_000_000), 89); // 0.8944
});

test('power factor agrees with an exact integer decision on random inputs', () => {
  fc.assert(
    fc.property(fc.integer({ min: 1, max: 2 ** 40 }), fc.integer({ min: 0, max: 2 ** 40 }), (p, q) => {
      const c = powerFactorHundredths(p, q)!;
      const P = BigInt(p);
      const S2 = P * P + BigInt(q) * BigInt(q);
      // c is right iff (c − ½)/100 ≤ pf < (c + ½)/100
      assert.ok(c === 0 || 40_000n * P * P >= BigInt(2 * c - 1) ** 2n * S2);
      assert.ok(c === 100 || 40_000n * P * P < BigInt(2 * c + 1) ** 2n * S2);
    }),
  );
});

test('penalty bands below the standard follow 0.5 / 1 / 2 per hundredth', () => {
  const t = compilePfTable('0.90', {
    credits: [{ atLeast: '0.95', percent: '-0.75' }],
    penalties: [
      { belowByHundredths: 0, basePercent: '0', percentPerHundredth: '0.5' },
      { belowByHundredths: 20, basePercent: '10', percentPerHundredth: '1' },
      { belowByHundredths: 25, basePercent: '15', percentPerHundredth: '2' },
    ],
  });
  const cases: [number, number][] = [
    [99, -75],
    [95, -75],
    [94, 0],
    [90, 0],
    [89, 50],
    [71, 950],
    [70, 1000],
    [69, 1100],
    [65, 1500],
    [64, 1700],
    [60, 2500],
    [50, 4500],
  ];
  for (const [pf, bp] of cases) assert.equal(pfAdjustmentBp(t, pf), bp, `pf ${pf}`);
});
