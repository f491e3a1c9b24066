import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import { divRoundHalfUp } from '../units/money.ts';
import { calculateBill } from './calculate-bill.ts';
import type { BillingDeterminants } from './determinants.ts';
import { compileTariff, type CompiledTariff } from './pricing-plan.ts';

const load = (name: string): CompiledTariff =>
  compileTariff(JSON.parse(readFileSync(new URL(`../../tariffs/gansu/${name}`, import.meta.url), 'utf8')));
const residential = load('residential-tiered.json');
const annual = load('residential-tiered-annual.json');
const commerce = load('commerce-tou.json');
const industry = load('large-industry-two-part.json');
const MAX_WH = 50_000_000_000;

const periodArb = fc
  .record({
    month: fc.integer({ min: 8, max: 10 }),
    day: fc.integer({ min: 1, max: 28 }),
    len: fc.integer({ min: 1, max: 62 }),
  })
  .map(({ month, day, len }) => {
    const from = new Date(Date.UTC(2024, month - 1, day));
    const to = new Date(from.getTime() + len * 86_400_000);
    return { periodFrom: from.toISOString().slice(0, 10), periodTo: to.toISOString().slice(0, 10) };
  });

const detArb: fc.Arbitrary<BillingDeterminants> = fc
  .record({
    period: periodArb,
    peak: fc.integer({ min: 0, max: MAX_WH }),
    flat: fc.integer({ min: 0, max: MAX_WH }),
    valley: fc.integer({ min: 0, max: MAX_WH }),
    kvarh: fc.integer({ min: 0, max: MAX_WH }),
    demand: fc.integer({ min: 0, max: 100_000_000 }),
    contract: fc.integer({ min: 0, max: 100_000 }).map((k) => k * 1000),
    method: fc.constantFrom('capacity' as const, 'contractDemand' as const, 'maxDemand' as const),
    minimumIncome: fc.boolean(),
  })
  .map((r) => ({
    ...r.period,
    touWh: { peak: r.peak, flat: r.flat, valley: r.valley },
    reactiveVarh: r.kvarh,
    maxDemandW: r.demand,
    capacityVa: 1_000_000,
    contractDemandW: r.contract,
    basicChargeMethod: r.method,
    minimumIncome: r.minimumIncome,
  }));

test('property: lines sum to the total and net + tax = total, for every shipped tariff', () => {
  fc.assert(
    fc.property(fc.constantFrom(residential, annual, commerce, industry), detArb, (tariff, d) => {
      const bill = calculateBill(tariff, d);
      assert.equal(
        bill.lines.reduce((s, l) => s + l.amount, 0),
        bill.totalFen,
      );
      assert.equal(bill.netFen + bill.taxFen, bill.totalFen);
      assert.equal(bill.netFen, divRoundHalfUp(bill.totalFen * 100, 113));
    }),
  );
});

/** A tiered tariff whose prices never fall as usage grows. */
const monotoneTariffArb = fc
  .record({
    base: fc.integer({ min: 0, max: 2_000_000 }),
    steps: fc.array(
      fc.record({ width: fc.integer({ min: 1, max: 500 }), extra: fc.integer({ min: 0, max: 500_000 }) }),
      { maxLength: 4 },
    ),
    fundsMicro: fc.integer({ min: 0, max: 100_000 }),
    cycle: fc.constantFrom('monthly', 'annual'),
  })
  .map(({ base, steps, fundsMicro, cycle }) => {
    let limit = 0;
    let adder = 0;
    const tiers: { upToKwh?: string; adder: string }[] = [];
    for (const s of steps) {
      limit += s.width;
      tiers.push({ upToKwh: String(limit), adder: (adder / 1e6).toFixed(6) });
      adder += s.extra;
    }
    tiers.push({ adder: (adder / 1e6).toFixed(6) });
    return compileTariff({
      id: 'monotone',
      name: { zh: '单调', en: 'monotone' },
      versions: [
        {
          version: 1,
          effectiveFrom: '2024-01-01',
          vatRatePercent: '13',
          prorationDaysPerMonth: 30,
          components: [
            { kind: 'tieredEnergy', cycle, basePrice: (base / 1e6).toFixed(6), tiers },
            {
              kind: 'governmentFunds',
              items: [{ code: 'f', label: { zh: '基金', en: 'Funds' }, price: (fundsMicro / 1e6).toFixed(6) }],
            },
          ],
        },
      ],
    });
  });

test('property: a bill never decreases when usage grows under a non-decreasing tariff', () => {
  fc.assert(
    fc.property(
      monotoneTariffArb,
      periodArb,
      fc.integer({ min: 0, max: 2_000_000 }),
      fc.integer({ min: 0, max: 2_000_000 }),
      fc.integer({ min: 0, max: 1_000_000 }),
      (tariff, period, a, b, toDate) => {
        const [lo, hi] = a <= b ? [a, b] : [b, a];
        const bill = (wh: number) => calculateBill(tariff, { ...period, activeWh: wh, cycleToDateWh: toDate }).totalFen;
        assert.ok(bill(lo) <= bill(hi), `${lo} Wh → ${bill(lo)}, ${hi} Wh → ${bill(hi)}`);
      },
    ),
  );
});

test('property: more kWh in any TOU period or more demand never lowers a commerce or two-part bill without pf', () => {
  const noPf = {
    ...industry,
    plans: industry.plans.map((p) => ({ ...p, rules: p.rules.filter((r) => r.kind !== 'powerFactorAdjustment') })),
  };
  fc.assert(
    fc.property(
      fc.constantFrom(commerce, noPf),
      detArb,
      fc.constantFrom('peak', 'flat', 'valley'),
      fc.integer({ min: 0, max: 1_000_000 }),
      (t, d, period, more) => {
        const grown: BillingDeterminants = {
          ...d,
          touWh: { ...d.touWh, [period]: d.touWh![period] + more },
          maxDemandW: d.maxDemandW! + more,
        };
        assert.ok(calculateBill(t, d).totalFen <= calculateBill(t, grown).totalFen);
      },
    ),
  );
});

test('property: a price change mid-period conserves kWh across its segments', () => {
  const tariff = compileTariff({
    id: 'change',
    name: { zh: '调价', en: 'change' },
    versions: ['0.50', '0.52', '0.55'].map((price, i) => ({
      version: i + 1,
      effectiveFrom: ['2024-01-01', '2024-10-07', '2024-10-20'][i],
      vatRatePercent: '13',
      prorationDaysPerMonth: 30,
      components: [
        {
          kind: 'tieredEnergy',
          cycle: 'monthly',
          basePrice: price,
          tiers: [{ upToKwh: '160', adder: '0' }, { upToKwh: '240', adder: '0.05' }, { adder: '0.30' }],
        },
      ],
    })),
  });
  fc.assert(
    fc.property(periodArb, fc.integer({ min: 0, max: MAX_WH }), (period, wh) => {
      const bill = calculateBill(tariff, { ...period, activeWh: wh });
      assert.equal(
        bill.lines.reduce((s, l) => s + l.quantity, 0),
        wh,
      );
    }),
  );
});

test('a compiled tariff gives the same bill every time it is reused', () => {
  const d: BillingDeterminants = { periodFrom: '2024-09-01', periodTo: '2024-10-01', activeWh: 250_000 };
  assert.deepEqual(calculateBill(residential, d), calculateBill(residential, d));
  assert.equal(calculateBill(residential, d).totalFen, 8160 + 4480 + 810);
});
