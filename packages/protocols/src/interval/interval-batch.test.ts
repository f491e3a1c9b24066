import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { encodeIntervalBatch } from './interval-batch-encoder.ts';
import { decodeIntervalBatch } from './interval-batch-decoder.ts';
import { blockFrom } from '@meterflow/core/metering/interval-block';
import { isAppError } from '@meterflow/core/errors/error-codes';

const arbBlock = fc
  .tuple(
    fc.stringMatching(/^[!-~]{1,32}$/),
    fc.integer({ min: 0, max: 255 }),
    fc.date({ min: new Date('1970-01-01'), max: new Date('2149-06-01'), noInvalidDate: true }),
    fc.integer({ min: 1, max: 120 }).chain((n) =>
      fc.tuple(
        fc.array(fc.oneof(fc.integer({ min: -0x80000000, max: 0x7fffffff }), fc.integer({ min: 0, max: 2000 })), {
          minLength: n,
          maxLength: n,
        }),
        fc.array(fc.integer({ min: 0, max: 4 }), { minLength: n, maxLength: n }),
      ),
    ),
  )
  .map(([m, ch, d, [v, q]]) => blockFrom({ meterId: m, channel: ch, date: d.toISOString().slice(0, 10) }, v, q));

test('any list of blocks survives batch encode → decode', () => {
  fc.assert(
    fc.property(fc.array(arbBlock, { maxLength: 20 }), (blocks) => {
      assert.deepEqual(decodeIntervalBatch(encodeIntervalBatch(blocks)), blocks);
    }),
  );
});

test('corrupt payloads are rejected with PAYLOAD_CORRUPT naming the byte', () => {
  const day = blockFrom({ meterId: '000012345678', channel: 1, date: '2024-03-01' }, new Array(96).fill(150));
  const good = encodeIntervalBatch([day, { ...day, channel: 2 }]);
  const flip = (i: number) => {
    const b = good.slice();
    b[i] ^= 0x55;
    return b;
  };
  const cases: [string, Uint8Array, RegExp][] = [
    ['too short', good.subarray(0, 10), /header/],
    ['bad magic', flip(0), /magic/],
    ['bad version', flip(4), /version/],
    ['flipped body byte', flip(good.length - 5), /CRC/],
    ['truncated', good.subarray(0, good.length - 3), /CRC/],
  ];
  for (const [name, bytes, re] of cases) {
    assert.throws(
      () => decodeIntervalBatch(bytes),
      (e) =>
        isAppError(e) && e.code === 'PAYLOAD_CORRUPT' && re.test(e.message) && /^byte \d+$/.test(e.details[0].path),
      name,
    );
  }
});

test('a payload with a valid checksum but a broken layout is still caught', () => {
  const day = blockFrom({ meterId: 'M', channel: 1, date: '2024-03-01' }, [1, 2, 3]);
  const bytes = encodeIntervalBatch([day]);
  const view = new DataView(bytes.buffer);
  view.setUint32(8, 2, true); // claims two blocks, holds one
  assert.throws(
    () => decodeIntervalBatch(bytes),
    (e) => isAppError(e) && e.code === 'PAYLOAD_CORRUPT',
  );
});
