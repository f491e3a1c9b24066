import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { splitIntoTiers } from './tiers.ts';

test('tier split at the edges', () => {
  const limits = [160_000, 240_000];
  assert.deepEqual(splitIntoTiers(0, 160_000, limits), [160_000, 0, 0]);
  assert.deepEqual(splitIntoTiers(0, 161_000, limits), [160_000, 1_000, 0]);
  assert.deepEqual(splitIntoTiers(0, 241_000, limits), [160_000, 80_000, 1_000]);
  assert.deepEqual(splitIntoTiers(200_000, 100_000, limits), [0, 40_000, 60_000]);
});

test('tier splitting conserves kWh and respects tier widths', () => {
  fc.assert(
    fc.property(
      fc
        .uniqueArray(fc.integer({ min: 1, max: 10_000_000 }), { minLength: 0, maxLength: 5 })
        .map((a) => a.sort((x, y) => x - y)),
      fc.integer({ min: 0, max: 20_000_000 }),
      fc.integer({ min: 0, max: 20_000_000 }),
      (limits, offset, wh) => {
        const parts = splitIntoTiers(offset, wh, limits);
        assert.equal(
          parts.reduce((a, b) => a + b, 0),
          wh,
        );
        parts.forEach((p, i) => {
          assert.ok(p >= 0);
          if (i < limits.length) assert.ok(p <= limits[i] - (i ? limits[i - 1] : 0));
        });
      },
    ),
  );
});
