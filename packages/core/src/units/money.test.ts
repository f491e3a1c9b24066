import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { divRoundHalfUp, mulDivRoundHalfUp, yuanToFen, formatYuan, yuanToMicro, parseScaled } from './money.ts';

test('yuan text converts to fen exactly and back', () => {
  assert.equal(yuanToFen('12.34'), 1234);
  assert.equal(yuanToFen('-0.05'), -5);
  assert.equal(formatYuan(yuanToFen('0.10')), '0.10');
  assert.equal(formatYuan(-5 as never), '-0.05');
  assert.equal(yuanToMicro('0.022925'), 22925);
  assert.throws(() => yuanToFen('1.234'), /more than 2 decimal places/);
  assert.throws(() => parseScaled('abc', 2), /not a decimal/);
});

test('rounding is half away from zero', () => {
  assert.equal(divRoundHalfUp(5, 10), 1);
  assert.equal(divRoundHalfUp(4, 10), 0);
  assert.equal(divRoundHalfUp(-5, 10), -1);
  assert.equal(divRoundHalfUp(-4, 10), 0);
  assert.equal(divRoundHalfUp(15, 10), 2);
});

test('mulDivRoundHalfUp agrees with BigInt arithmetic beyond 2^53', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: -1e12, max: 1e12 }),
      fc.integer({ min: 0, max: 1e8 }),
      fc.integer({ min: 1, max: 1e9 }),
      (a, b, d) => {
        const n = BigInt(a) * BigInt(b);
        const D = BigInt(d);
        let q = n / D;
        const r = n - q * D;
        if ((r < 0n ? -r : r) * 2n >= D) q += n < 0n ? -1n : 1n;
        assert.equal(mulDivRoundHalfUp(a, b, d), Number(q));
      },
    ),
  );
});
