import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { parseIntervalCsv } from './interval-csv-parser.ts';
import { formatIntervalCsv } from './interval-csv-writer.ts';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { blockFrom } from '@meterflow/core/metering/interval-block';
import { isAppError } from '@meterflow/core/errors/error-codes';

const fixture = (name: string) => new URL(`../../test/fixtures/interval/${name}`, import.meta.url);

test('a file mixing good and bad rows keeps the good rows and reports every bad one', () => {
  const r = parseIntervalCsv(readFileSync(fixture('mixed-rows.csv')));
  const expected = JSON.parse(readFileSync(fixture('mixed-rows.expected.json'), 'utf8'));
  assert.deepEqual(r.lines, expected.acceptedLines);
  assert.deepEqual(
    r.errors.map(({ line, column, field }) => ({ line, column, field })),
    expected.errors,
  );
  assert.ok(r.errors.every((e) => e.message.length > 0));
  assert.equal(r.rowsRead, 9);
  const withFlags = r.blocks[1];
  assert.equal(withFlags.channel, 2);
  assert.deepEqual(
    [...withFlags.quality.subarray(4, 11)],
    [0, QUALITY.MISSING, QUALITY.ESTIMATED, QUALITY.EDITED, QUALITY.SUSPECT, 0, 0],
  );
  assert.deepEqual([...withFlags.values.subarray(6, 11)], [120, 99, 7, -5, 42]);
  assert.ok(r.blocks[2].quality.every((q) => q === QUALITY.MISSING));
});

test('a bad header rejects the whole file', () => {
  assert.throws(
    () => parseIntervalCsv('meter,chan,date,v1\n'),
    (e) => isAppError(e) && e.code === 'IMPORT_REJECTED',
  );
  assert.throws(() => parseIntervalCsv('meter,channel,date,v1,v2,v3,v4,v5,v6,v7\n'), /do not divide a day/);
});

test('writer and parser agree on any blocks', () => {
  const block = fc
    .tuple(
      fc.stringMatching(/^[0-9A-Za-z_.-]{1,32}$/),
      fc.integer({ min: 1, max: 255 }),
      fc.date({ min: new Date('1990-01-01'), max: new Date('2100-12-31'), noInvalidDate: true }),
      fc.array(fc.integer({ min: -0x80000000, max: 0x7fffffff }), { minLength: 24, maxLength: 24 }),
      fc.array(fc.integer({ min: 0, max: 4 }), { minLength: 24, maxLength: 24 }),
    )
    .map(([m, ch, d, v, q]) => {
      const b = blockFrom({ meterId: m, channel: ch, date: d.toISOString().slice(0, 10) }, v, q, { slotMinutes: 60 });
      b.quality.forEach((x, i) => x === QUALITY.MISSING && (b.values[i] = 0));
      return b;
    });
  fc.assert(
    fc.property(fc.array(block, { maxLength: 5 }), (blocks) => {
      const r = parseIntervalCsv(formatIntervalCsv(blocks, 24));
      assert.deepEqual(r.errors, []);
      assert.deepEqual(r.blocks, blocks);
    }),
  );
});
