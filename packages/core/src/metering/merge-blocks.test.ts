import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { mergeBlocks } from './merge-blocks.ts';
import { blockFrom, createEmptyBlock, type IntervalBlock } from './interval-block.ts';
import { QUALITY } from './quality-flag.ts';

const key = { meterId: 'M1', channel: 1, date: '2024-03-01' };
const N = 96;

/** A partial block: a few slots with values from a small range, so duplicates and conflicts both occur. */
const partial = fc
  .array(fc.tuple(fc.integer({ min: 0, max: N - 1 }), fc.integer({ min: 0, max: 3 }), fc.constantFrom(0, 0, 0, 1, 3)), {
    maxLength: 20,
  })
  .map((reads) => {
    const b = createEmptyBlock(key);
    for (const [slot, v, q] of reads) {
      b.values[slot] = v;
      b.quality[slot] = q;
    }
    return b;
  });

const fold = (blocks: IntervalBlock[]) => blocks.reduce((acc, b) => mergeBlocks(acc, b).block, createEmptyBlock(key));
const same = (a: IntervalBlock, b: IntervalBlock) => {
  assert.deepEqual(a.values, b.values);
  assert.deepEqual(a.quality, b.quality);
};

test('merging the same reads again changes nothing', () => {
  fc.assert(
    fc.property(fc.array(partial, { minLength: 1, maxLength: 6 }), (parts) => {
      const once = fold(parts);
      for (const p of parts) assert.equal(mergeBlocks(once, p).changedSlots, 0);
      same(fold([...parts, ...parts]), once);
    }),
  );
});

test('any arrival order gives the same block', () => {
  fc.assert(
    fc.property(
      fc
        .array(partial, { minLength: 1, maxLength: 6 })
        .chain((parts) => fc.tuple(fc.constant(parts), fc.shuffledSubarray(parts, { minLength: parts.length }))),
      ([parts, shuffled]) => same(fold(parts), fold(shuffled)),
    ),
  );
});

test('late reads fill their slots; conflicting reads become SUSPECT with the larger value', () => {
  const first = blockFrom(key, new Array(N).fill(0), new Array(N).fill(QUALITY.MISSING));
  first.values[0] = 10;
  first.quality[0] = QUALITY.ACTUAL;
  const late = blockFrom(key, new Array(N).fill(0), new Array(N).fill(QUALITY.MISSING));
  late.values[5] = 7;
  late.quality[5] = QUALITY.ACTUAL;
  late.values[0] = 12;
  late.quality[0] = QUALITY.ACTUAL;
  const { block, changedSlots } = mergeBlocks(first, late);
  assert.equal(changedSlots, 2);
  assert.equal(block.values[5], 7);
  assert.equal(block.quality[5], QUALITY.ACTUAL);
  assert.equal(block.values[0], 12);
  assert.equal(block.quality[0], QUALITY.SUSPECT);
  assert.equal(first.quality[5], QUALITY.MISSING, 'the original block is untouched');
});

test('blocks of different meters or days are refused', () => {
  assert.throws(
    () => mergeBlocks(createEmptyBlock(key), createEmptyBlock({ ...key, date: '2024-03-02' })),
    /cannot be merged/,
  );
});
