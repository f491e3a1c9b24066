import type { Fen } from '../units/money.ts';

/** One day of one account to price: kWh per TOU period (in Wh) and the cycle's use before the day. */
export interface DailyPriceRequest {
  accountId: string;
  /** Local date `YYYY-MM-DD`. */
  day: string;
  /** Energy per TOU period, in the tariff's period order (e.g. sharp, peak, flat, valley). */
  periodWh: readonly number[];
  /** Energy already used in the billing cycle before this day: it decides the tier. */
  cycleWhBefore: number;
}

/** How a part of the day's energy was priced, for the customer's daily statement. */
export interface DailyPriceLine {
  kind: 'period' | 'tier_adder';
  /** Period index for `period`, tier index (0 = first tier) for `tier_adder`. */
  index: number;
  wh: number;
  priceMicroPerKwh: number;
}

export interface DailyCharge {
  amountFen: Fen;
  lines: readonly DailyPriceLine[];
}

/**
 * The port through which prepaid settlement prices a day. The billing engine implements it once
 * it exists; `createTieredDailyPricer` is the simple tiered TOU implementation used until then.
 */
export interface DailyPricer {
  priceDay(request: DailyPriceRequest): DailyCharge;
}

/** Wh × micro-yuan per kWh is 1e-9 yuan = 1e-7 fen. */
export const WH_MICRO_PER_FEN = 10_000_000;
