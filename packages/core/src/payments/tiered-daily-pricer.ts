import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import { divRoundHalfUp, type Fen } from '../units/money.ts';
import { WH_MICRO_PER_FEN, type DailyPriceLine, type DailyPricer } from './daily-pricer.ts';

/**
 * Residential tiered TOU prices (居民阶梯 + 分时): each period's price is its base price plus the
 * adder of the tier, the tier chosen by cumulative kWh over all periods in the cycle. Limits are
 * for the cycle as given (the caller prorates a part cycle).
 */
export interface TieredTariff {
  periodPricesMicro: readonly number[];
  /** Cumulative upper limit of each tier but the last, in Wh (160 kWh → 160000). */
  tierLimitsWh: readonly number[];
  /** Adder per tier, one more than the limits: [0, 50000, 300000] = +0, +0.05, +0.30 yuan/kWh. */
  tierAddersMicro: readonly number[];
}

/** Every problem in a tiered tariff at once. */
export function validateTieredTariff(t: TieredTariff, path = ''): Issue[] {
  const issues: Issue[] = [];
  const whole = (v: number) => Number.isSafeInteger(v) && v >= 0;
  if (t.periodPricesMicro.length === 0)
    issues.push({ path: `${path}/periodPricesMicro`, message: 'needs at least one period' });
  t.periodPricesMicro.forEach(
    (p, i) =>
      whole(p) || issues.push({ path: `${path}/periodPricesMicro/${i}`, message: 'must be a whole number ≥ 0' }),
  );
  t.tierLimitsWh.forEach((w, i) => {
    if (!whole(w) || (i > 0 && w <= t.tierLimitsWh[i - 1]))
      issues.push({ path: `${path}/tierLimitsWh/${i}`, message: 'limits must rise' });
  });
  if (t.tierAddersMicro.length !== t.tierLimitsWh.length + 1) {
    issues.push({
      path: `${path}/tierAddersMicro`,
      message: `needs ${t.tierLimitsWh.length + 1} adders, one per tier`,
    });
  }
  t.tierAddersMicro.forEach(
    (a, i) => whole(a) || issues.push({ path: `${path}/tierAddersMicro/${i}`, message: 'must be a whole number ≥ 0' }),
  );
  return issues;
}

/** Splits `dayWh` that starts at `cycleWhBefore` over the tiers; returns Wh per tier. */
export function splitByTier(cycleWhBefore: number, dayWh: number, tierLimitsWh: readonly number[]): number[] {
  const out: number[] = [];
  let from = cycleWhBefore;
  const to = cycleWhBefore + dayWh;
  for (let t = 0; t <= tierLimitsWh.length; t++) {
    const upper = t < tierLimitsWh.length ? tierLimitsWh[t] : Infinity;
    const part = Math.max(0, Math.min(to, upper) - from);
    out.push(part);
    from += part;
  }
  return out;
}

/** A DailyPricer over one tiered TOU tariff; the day's amount is rounded half-up to the fen once. */
export function createTieredDailyPricer(tariff: TieredTariff): DailyPricer {
  assertNoIssues(validateTieredTariff(tariff), 'tiered tariff');
  return {
    priceDay({ periodWh, cycleWhBefore }) {
      if (periodWh.length !== tariff.periodPricesMicro.length) {
        throw new RangeError(`expected ${tariff.periodPricesMicro.length} periods, got ${periodWh.length}`);
      }
      const lines: DailyPriceLine[] = [];
      let micro = 0;
      let total = 0;
      periodWh.forEach((wh, i) => {
        total += wh;
        micro += wh * tariff.periodPricesMicro[i];
        if (wh > 0) lines.push({ kind: 'period', index: i, wh, priceMicroPerKwh: tariff.periodPricesMicro[i] });
      });
      splitByTier(cycleWhBefore, total, tariff.tierLimitsWh).forEach((wh, t) => {
        micro += wh * tariff.tierAddersMicro[t];
        if (wh > 0 && tariff.tierAddersMicro[t] > 0)
          lines.push({ kind: 'tier_adder', index: t, wh, priceMicroPerKwh: tariff.tierAddersMicro[t] });
      });
      return { amountFen: divRoundHalfUp(micro, WH_MICRO_PER_FEN) as Fen, lines };
    },
  };
}
