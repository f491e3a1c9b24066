import { test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { AppError } from '../errors/error-codes.ts';
import { settlePrepaidDay } from './daily-settlement.ts';
import { createTieredDailyPricer, splitByTier, type TieredTariff } from './tiered-daily-pricer.ts';
import { batchPostingsToDrafts, SETTLE_FLAG, settlePrepaidDayBatch } from './batch-settlement.ts';
import { assertBalanced } from './journal-entry.ts';

// Peak 0.56, valley 0.31 yuan/kWh; tiers at 160 and 240 kWh add 0.05 and 0.30 yuan/kWh.
const TARIFF: TieredTariff = {
  periodPricesMicro: [560000, 310000],
  tierLimitsWh: [160000, 240000],
  tierAddersMicro: [0, 50000, 300000],
};

test('a day crossing into tier 2 is priced by period plus the tier adder (6.54 yuan)', () => {
  const r = settlePrepaidDay(
    {
      accountId: 'A',
      day: '2024-05-01',
      freeze: { startWh: [100000, 50000], endWh: [104000, 53000] },
      multiplier: 2,
      cycleWhBefore: 150000,
      walletFen: 1000,
    },
    createTieredDailyPricer(TARIFF),
  );
  // 8 kWh × 0.56 + 6 kWh × 0.31 + 4 kWh (beyond 160) × 0.05 = 4.48 + 1.86 + 0.20
  assert.deepEqual(r.periodWh, [8000, 6000]);
  assert.equal(r.charge.amountFen, 654);
  assert.equal(r.walletAfterFen, 346);
  assert.equal(r.cycleWhAfter, 164000);
  assert.deepEqual(r.charge.lines.at(-1), { kind: 'tier_adder', index: 1, wh: 4000, priceMicroPerKwh: 50000 });
});

test('a register rollover is a small day; a register running backwards is refused', () => {
  const pricer = createTieredDailyPricer({ periodPricesMicro: [510000], tierLimitsWh: [], tierAddersMicro: [0] });
  const r = settlePrepaidDay(
    {
      accountId: 'A',
      day: '2024-05-01',
      freeze: { startWh: [999_999_000], endWh: [500] },
      multiplier: 1,
      cycleWhBefore: 0,
      walletFen: 0,
    },
    pricer,
  );
  assert.equal(r.dayWh, 1500);
  assert.equal(r.charge.amountFen, 77); // 1.5 kWh × 0.51 = 0.765 → 0.77
  assert.throws(
    () =>
      settlePrepaidDay(
        {
          accountId: 'A',
          day: '2024-05-01',
          freeze: { startWh: [5000], endWh: [4000] },
          multiplier: 1,
          cycleWhBefore: 0,
          walletFen: 0,
        },
        pricer,
      ),
    (e: unknown) => e instanceof AppError && e.details[0].path === '/freeze/0',
  );
});

test('splitByTier places a day over tier limits', () => {
  assert.deepEqual(splitByTier(150000, 100000, [160000, 240000]), [10000, 80000, 10000]);
  assert.deepEqual(splitByTier(300000, 5000, [160000, 240000]), [0, 0, 5000]);
});

test('property: the typed-array batch agrees with the one-account settlement, and its postings balance', () => {
  const tariffs: TieredTariff[] = [
    TARIFF,
    { periodPricesMicro: [700000, 123457], tierLimitsWh: [50000], tierAddersMicro: [1, 99999] },
  ];
  const pricers = tariffs.map(createTieredDailyPricer);
  const acc = fc.record({
    start: fc.tuple(fc.integer({ min: 0, max: 999_999_999 }), fc.integer({ min: 0, max: 999_999_999 })),
    use: fc.tuple(fc.integer({ min: 0, max: 60_000 }), fc.integer({ min: 0, max: 60_000 })),
    multiplier: fc.integer({ min: 1, max: 200 }),
    cycle: fc.integer({ min: 0, max: 400_000 }),
    available: fc.integer({ min: -5000, max: 50_000 }),
    tariff: fc.integer({ min: 0, max: 1 }),
  });
  fc.assert(
    fc.property(fc.array(acc, { minLength: 1, maxLength: 30 }), (rows) => {
      const n = rows.length;
      const start = rows.flatMap((r) => r.start);
      const end = rows.flatMap((r) => r.start.map((s, p) => (s + r.use[p]) % 1_000_000_000));
      const res = settlePrepaidDayBatch({
        count: n,
        periods: 2,
        startWh: Float64Array.from(start),
        endWh: Float64Array.from(end),
        multiplier: Uint32Array.from(rows.map((r) => r.multiplier)),
        cycleWhBefore: Float64Array.from(rows.map((r) => r.cycle)),
        availableFen: Float64Array.from(rows.map((r) => r.available)),
        warningFen: new Float64Array(n).fill(2000),
        stopFen: new Float64Array(n),
        tariffIndex: Uint16Array.from(rows.map((r) => r.tariff)),
        tariffs,
      });
      rows.forEach((r, i) => {
        const one = settlePrepaidDay(
          {
            accountId: `A${i}`,
            day: '2024-05-01',
            freeze: { startWh: start.slice(2 * i, 2 * i + 2), endWh: end.slice(2 * i, 2 * i + 2) },
            multiplier: r.multiplier,
            cycleWhBefore: r.cycle,
            walletFen: r.available,
          },
          pricers[r.tariff],
        );
        assert.equal(res.chargeFen[i], one.charge.amountFen);
        assert.equal(res.availableAfterFen[i], one.walletAfterFen);
        assert.equal(res.cycleWhAfter[i], one.cycleWhAfter);
        assert.equal((res.flags[i] & SETTLE_FLAG.AT_STOP) !== 0, one.walletAfterFen <= 0);
      });
      const drafts = batchPostingsToDrafts(
        res.postings,
        rows.map((_, i) => `A${i}`),
        '2024-05-01',
      );
      drafts.forEach(assertBalanced);
      assert.equal(drafts.length, [...res.chargeFen].filter((c) => c > 0).length);
    }),
    { numRuns: 200 },
  );
});

test('batch flags implausible registers and deducts nothing for them', () => {
  const res = settlePrepaidDayBatch({
    count: 1,
    periods: 1,
    startWh: Float64Array.of(5000),
    endWh: Float64Array.of(4000),
    multiplier: Uint32Array.of(1),
    cycleWhBefore: Float64Array.of(0),
    availableFen: Float64Array.of(100),
    warningFen: Float64Array.of(0),
    stopFen: Float64Array.of(0),
    tariffIndex: Uint16Array.of(0),
    tariffs: [{ periodPricesMicro: [510000], tierLimitsWh: [], tierAddersMicro: [0] }],
  });
  assert.equal(res.flags[0] & SETTLE_FLAG.INVALID_REGISTERS, SETTLE_FLAG.INVALID_REGISTERS);
  assert.equal(res.chargeFen[0], 0);
  assert.equal(res.postings.entryCount, 0);
});
