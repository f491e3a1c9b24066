import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { calculateBill } from './calculate-bill.ts';
import { compileTariff } from './pricing-plan.ts';
import { decodeLines, encodeLines, type LineMetaBook } from './bill-line-codec.ts';

const load = (name: string) =>
  compileTariff(JSON.parse(readFileSync(new URL(`../../tariffs/gansu/${name}`, import.meta.url), 'utf8')));
const twoPart = load('large-industry-two-part.json');

test('stored lines decode to exactly the calculated lines (property, two-part with power factor)', () => {
  const book: LineMetaBook = new Map();
  fc.assert(
    fc.property(
      fc.integer({ min: 0, max: 300_000_000 }),
      fc.integer({ min: 1, max: 300_000_000 }),
      fc.integer({ min: 0, max: 400_000_000 }),
      fc.integer({ min: 100_000, max: 900_000 }),
      (peak, flat, varh, demand) => {
        const bill = calculateBill(twoPart, {
          periodFrom: '2026-10-01',
          periodTo: '2026-11-01',
          touWh: { peak, flat, valley: 1000 },
          reactiveVarh: varh,
          capacityVa: 1_000_000,
          contractDemandW: 500_000,
          maxDemandW: demand,
          moveInDate: '2026-10-09',
        });
        const text = encodeLines(bill.lines, book);
        assert.deepEqual(decodeLines(text, book), bill.lines);
      },
    ),
    { numRuns: 200 },
  );
});

test('a code with characters that need escaping is refused', () => {
  assert.throws(() => encodeLines([{ code: 'a"b' } as never], new Map()), /cannot be stored compactly/);
});
