import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { auditBill } from './audit/audit-bill.ts';
import { decodeLines, encodeLines, LineTextWriter, type LineMetaBook } from './bill-line-codec.ts';
import { BillCalculator, calculateBill } from './calculate-bill.ts';
import type { BillingDeterminants } from './determinants.ts';
import { compileTariff, type CompiledTariff } from './pricing-plan.ts';

const load = (name: string): CompiledTariff =>
  compileTariff(JSON.parse(readFileSync(new URL(`../../tariffs/gansu/${name}`, import.meta.url), 'utf8')));
const residential = load('residential-tiered.json');
const industry = load('large-industry-two-part.json');
const shipped = [residential, load('residential-tiered-annual.json'), load('commerce-tou.json'), industry];

test('a calculator reused over bills of different periods works out each period on its own', () => {
  const calc = new BillCalculator();
  const month = { periodFrom: '2024-09-01', periodTo: '2024-10-01', activeWh: 250_000 };
  const part = { periodFrom: '2024-09-15', periodTo: '2024-10-01', activeWh: 250_000 };
  const a = calc.calculate(residential, month);
  assert.deepEqual([a.days, a.totalFen], [30, 8160 + 4480 + 810]);
  const b = calc.calculate(residential, part);
  assert.equal(b.days, 16);
  // 16 of 30 days: tier limits shrink to 85 and 128 kWh, so more kWh fall in the dearer tiers.
  assert.deepEqual(b.lines.toArray(), new BillCalculator().calculate(residential, part).lines.toArray());
  assert.ok(b.totalFen > 8160 + 4480 + 810);
  // The same dates as other string objects are the same period; back to the first one.
  const again = calc.calculate(residential, { ...month, periodFrom: ['2024', '09', '01'].join('-') });
  assert.deepEqual([again.days, again.totalFen], [30, 8160 + 4480 + 810]);
  // A bad date is refused every time, not remembered.
  assert.throws(() => calc.calculate(residential, { ...month, periodTo: '2024-09-31' }), RangeError);
  assert.throws(() => calc.calculate(residential, { ...month, periodTo: '2024-09-31' }), RangeError);
  assert.equal(calc.calculate(residential, part).days, 16);
});

test('a calculator forgets the previous bill: power factor, move-in, lines', () => {
  const calc = new BillCalculator();
  const withPf: BillingDeterminants = {
    periodFrom: '2024-09-01',
    periodTo: '2024-10-01',
    touWh: { peak: 100_000_000, flat: 200_000_000, valley: 100_000_000 },
    reactiveVarh: 300_000_000,
    capacityVa: 1_000_000,
    contractDemandW: 500_000,
    maxDemandW: 400_000,
    moveInDate: '2024-09-10',
  };
  assert.equal(calc.calculate(industry, withPf).powerFactorHundredths, 80);
  const noPf = { ...withPf, reactiveVarh: 0, touWh: { peak: 0, flat: 0, valley: 0 }, moveInDate: undefined };
  const r = calc.calculate(industry, noPf);
  assert.equal(r.powerFactorHundredths, undefined);
  assert.equal(r.days, 30);
  assert.deepEqual(r.lines.toArray(), calculateBill(industry, noPf).lines);
});

const detArb: fc.Arbitrary<BillingDeterminants> = fc
  .record({
    day: fc.integer({ min: 1, max: 28 }),
    month: fc.integer({ min: 8, max: 10 }),
    len: fc.integer({ min: 1, max: 40 }),
    peak: fc.integer({ min: 0, max: 50_000_000_000 }),
    flat: fc.integer({ min: 0, max: 2_000_000 }),
    valley: fc.integer({ min: 0, max: 2_000_000 }),
    kvarh: fc.integer({ min: 0, max: 50_000_000_000 }),
    demand: fc.integer({ min: 0, max: 100_000_000 }),
    method: fc.constantFrom('capacity' as const, 'contractDemand' as const, 'maxDemand' as const),
    multiplier: fc.constantFrom(1, 30, 6000),
    minimumIncome: fc.boolean(),
    tou: fc.boolean(),
  })
  .map((r) => {
    const from = new Date(Date.UTC(2024, r.month - 1, r.day));
    const to = new Date(from.getTime() + r.len * 86_400_000);
    const d: BillingDeterminants = {
      periodFrom: from.toISOString().slice(0, 10),
      periodTo: to.toISOString().slice(0, 10),
      reactiveVarh: r.kvarh,
      maxDemandW: r.demand,
      capacityVa: 1_000_000,
      contractDemandW: 500_000,
      basicChargeMethod: r.method,
      multiplier: r.multiplier,
      minimumIncome: r.minimumIncome,
    };
    if (r.tou) d.touWh = { peak: r.peak, flat: r.flat, valley: r.valley };
    else d.activeWh = r.flat;
    return d;
  });

test('property: the bulk path (columns, line writer, audit on columns) gives what the object path gives', () => {
  const calc = new BillCalculator();
  const writer = new LineTextWriter(16);
  const book: LineMetaBook = new Map();
  fc.assert(
    fc.property(fc.constantFrom(...shipped), detArb, fc.integer({ min: 0, max: 3_000_000 }), (tariff, d, last) => {
      const bill = calculateBill(tariff, d);
      const c = calc.calculate(tariff, d);
      assert.deepEqual(c.lines.toArray(), bill.lines);
      assert.deepEqual(
        [c.days, c.totalFen, c.netFen, c.taxFen, c.powerFactorHundredths],
        [bill.days, bill.totalFen, bill.netFen, bill.taxFen, bill.powerFactorHundredths],
      );
      writer.appendColumns(c.lines, book);
      const [text] = writer.takeBills();
      // Against the same metadata (the kinds' labels) the object API writes the same text.
      const known = book.size;
      assert.equal(text, encodeLines(bill.lines, book));
      assert.equal(book.size, known);
      assert.deepEqual(decodeLines(text, book), bill.lines);
      const input = {
        customerClass: 'commercial',
        energyWh: bill.lines.reduce((s, l) => s + (l.unit === 'Wh' ? l.quantity : 0), 0),
        totalFen: bill.totalFen,
        estimated: false,
        lines: bill.lines,
        lastMonthWh: last,
        tariffChanged: false,
        multiplierChanged: false,
      };
      assert.deepEqual(auditBill({ ...input, lines: c.lines }), auditBill(input));
    }),
    { numRuns: 300 },
  );
});

test('the line writer hands out each bill, ASCII or not, and figures beyond 2^31 exactly', () => {
  const calc = new BillCalculator();
  const writer = new LineTextWriter(8);
  const book: LineMetaBook = new Map();
  const period = { periodFrom: '2024-09-01', periodTo: '2024-10-01' };
  const dets: [CompiledTariff, BillingDeterminants][] = [
    [residential, { ...period, activeWh: 9_000_000_000_000 }],
    [industry, { ...period, touWh: { peak: 10, flat: 20, valley: 30 }, reactiveVarh: 40, maxDemandW: 1 }],
    [residential, { ...period, activeWh: 0 }],
    [industry, { ...period, touWh: { peak: 1e9, flat: 2e9, valley: 3e9 }, reactiveVarh: 1e9, maxDemandW: 1 }],
  ];
  for (const [t, d] of dets) writer.appendColumns(calc.calculate(t, d).lines, book);
  const texts = writer.takeBills();
  assert.deepEqual(
    texts,
    dets.map(([t, d]) => encodeLines(calculateBill(t, d).lines, book)),
  );
  // The book keeps the kind's label; each power-factor bill names its own factor, in Chinese.
  assert.equal(book.get('pf.adjustment')?.labelZh, '功率因数调整电费');
  assert.deepEqual(
    texts.map((t) => /[^ -~]/.test(t)),
    [false, true, false, true],
  );
  assert.match(texts[1], /实际0\.83/);
  assert.match(texts[3], /实际0\.99/);
  assert.match(texts[0], /"energy.tier3",8999999760000,810000,728999980560,1,0,0/);
  assert.deepEqual(writer.takeBills(), []);
  assert.equal(writer.take(), '');
});
