import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { decodeBlockBody, encodeBlockBody } from './block-codec.ts';
import { blockFrom } from './interval-block.ts';
import { QUALITY } from './quality-flag.ts';
import { isAppError } from '../errors/error-codes.ts';

const key = { meterId: 'M1', channel: 1, date: '2024-03-01' };
const int32 = fc.integer({ min: -0x80000000, max: 0x7fffffff });

test('any block survives encode → decode unchanged', () => {
  fc.assert(
    fc.property(
      fc.integer({ min: 1, max: 300 }).chain((n) =>
        fc.tuple(
          fc.array(fc.oneof(int32, fc.integer({ min: 0, max: 3000 })), { minLength: n, maxLength: n }),
          fc.oneof(
            fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
            fc.integer({ min: 0, max: 4 }).map((q) => new Array<number>(n).fill(q)),
          ),
          fc.constantFrom('Wh' as const, 'varh' as const),
          fc.integer({ min: 1, max: 60 }),
        ),
      ),
      ([values, quality, unit, slotMinutes]) => {
        const block = blockFrom(key, values, quality, { unit, slotMinutes });
        const back = decodeBlockBody(encodeBlockBody(block));
        assert.deepEqual(back.values, block.values);
        assert.deepEqual(back.quality, block.quality);
        assert.equal(back.unit, unit);
        assert.equal(back.slotMinutes, slotMinutes);
      },
    ),
  );
});

test('a typical day is far smaller than raw Int32 + quality bytes', () => {
  const values = Array.from({ length: 96 }, (_, i) => 200 + Math.round(150 * Math.sin(i / 8)));
  const bytes = encodeBlockBody(blockFrom(key, values));
  assert.ok(bytes.length < 96 * 2 + 10, `encoded ${bytes.length} bytes`);
});

test('corrupt bodies are rejected with PAYLOAD_CORRUPT naming the byte', () => {
  const good = encodeBlockBody(blockFrom(key, [1, 2, 3], [QUALITY.ACTUAL, QUALITY.MISSING, QUALITY.ACTUAL]));
  const cases: [string, Uint8Array][] = [
    ['truncated', good.subarray(0, good.length - 2)],
    ['bad version', Uint8Array.from([9, ...good.subarray(1)])],
    ['bad unit', Uint8Array.from([good[0], 7, ...good.subarray(2)])],
    ['trailing byte', Uint8Array.from([...good, 0])],
    ['bad quality', Uint8Array.from([...good.subarray(0, good.length - 1), 9])],
    ['overlong varint', Uint8Array.from([1, 1, 15, 1, 0, 1, 0xff, 0xff, 0xff, 0xff, 0xff, 0x01, 0])],
  ];
  for (const [name, bytes] of cases) {
    assert.throws(
      () => decodeBlockBody(bytes),
      (e) => isAppError(e) && e.code === 'PAYLOAD_CORRUPT' && /^byte \d+$/.test(e.details[0].path),
      name,
    );
  }
});
