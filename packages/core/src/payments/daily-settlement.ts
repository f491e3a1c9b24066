import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import type { Fen } from '../units/money.ts';
import type { DailyCharge, DailyPricer } from './daily-pricer.ts';

/** The two 00:00 daily freeze reads (日冻结) bounding one day, one register per TOU period. */
export interface DailyFreezePair {
  /** Registers frozen at 00:00 of `day`, in Wh of the meter (before the multiplier). */
  startWh: readonly number[];
  /** Registers frozen at 00:00 of the next day. */
  endWh: readonly number[];
}

export interface SettlementConfig {
  /** Register modulus for rollover (999999.99 kWh meters wrap at 1 000 000 kWh = 1e9 Wh). */
  registerModulusWh: number;
  /** A daily difference above this (meter side, per period) is a fault, not a rollover. */
  maxDailyWhPerPeriod: number;
}

/** Rollover plausibility limit (check): 1 000 000 kWh registers, at most 100 000 kWh a day. */
export const DEFAULT_SETTLEMENT_CONFIG: SettlementConfig = Object.freeze({
  registerModulusWh: 1_000_000_000,
  maxDailyWhPerPeriod: 100_000_000,
});

export interface DaySettlementInput {
  accountId: string;
  day: string;
  freeze: DailyFreezePair;
  /** 综合倍率 (CT ratio × PT ratio), a whole number. */
  multiplier: number;
  cycleWhBefore: number;
  walletFen: number;
}

export interface DaySettlement {
  periodWh: number[];
  dayWh: number;
  charge: DailyCharge;
  walletAfterFen: Fen;
  cycleWhAfter: number;
}

/** Meter-side energy of one period between two freeze reads; NaN when the difference is implausible. */
export function registerDelta(start: number, end: number, config: SettlementConfig): number {
  const d = end >= start ? end - start : end + config.registerModulusWh - start;
  return d <= config.maxDailyWhPerPeriod ? d : NaN;
}

/** Daily settlement (日结) of one account for one day: energy by period, priced, deducted from the wallet. */
export function settlePrepaidDay(
  input: DaySettlementInput,
  pricer: DailyPricer,
  config: SettlementConfig = DEFAULT_SETTLEMENT_CONFIG,
): DaySettlement {
  const issues: Issue[] = [];
  const { startWh, endWh } = input.freeze;
  if (startWh.length !== endWh.length)
    issues.push({ path: '/freeze', message: `${startWh.length} start registers, ${endWh.length} end` });
  if (!Number.isSafeInteger(input.multiplier) || input.multiplier < 1)
    issues.push({ path: '/multiplier', message: 'must be a whole number ≥ 1' });
  const periodWh = startWh.map((s, i) => {
    const d = registerDelta(s, endWh[i], config);
    if (!Number.isSafeInteger(s) || !Number.isSafeInteger(endWh[i]) || Number.isNaN(d)) {
      issues.push({ path: `/freeze/${i}`, message: `registers ${s} → ${endWh[i]} are not a plausible day` });
    }
    return d * input.multiplier;
  });
  assertNoIssues(issues, `daily settlement ${input.accountId} ${input.day}`);
  const dayWh = periodWh.reduce((s, x) => s + x, 0);
  const charge = pricer.priceDay({
    accountId: input.accountId,
    day: input.day,
    periodWh,
    cycleWhBefore: input.cycleWhBefore,
  });
  return {
    periodWh,
    dayWh,
    charge,
    walletAfterFen: (input.walletFen - charge.amountFen) as Fen,
    cycleWhAfter: input.cycleWhBefore + dayWh,
  };
}
