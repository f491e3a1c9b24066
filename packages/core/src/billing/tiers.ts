import type { Issue } from '../errors/error-codes.ts';
import { kwhTextToWh } from '../units/energy.ts';
import { divRoundHalfUp, mulDivRoundHalfUp, yuanToMicro } from '../units/money.ts';
import { dayParts, monthStartDay } from './day-number.ts';
import type { RuleContext } from './pricing-rule.ts';
import { AppError } from '../errors/error-codes.ts';

/** Tier data as written in a tariff component. */
export interface TierDocument {
  upToKwh?: string;
  adder: string;
}

/** Tier thresholds (Wh, the last tier open) and adders (micro-yuan/kWh), compiled once. */
export interface CompiledTiers {
  cycle: 'monthly' | 'annual';
  cycleStartMonth: number;
  limitsWh: number[];
  addersMicro: number[];
}

const MONTHS_PER_YEAR = 12;
const WH_PER_KWH = 1000;

/** Compiles the tier list of a component (already schema-checked). */
export function compileTiers(
  tiers: readonly TierDocument[],
  cycle: 'monthly' | 'annual',
  startMonth = 1,
): CompiledTiers {
  return {
    cycle,
    cycleStartMonth: startMonth,
    limitsWh: tiers.filter((t) => t.upToKwh !== undefined).map((t) => kwhTextToWh(t.upToKwh!)),
    addersMicro: tiers.map((t) => yuanToMicro(t.adder)),
  };
}

/** Tier rules the schema cannot say: thresholds rise strictly, only the last tier is open. */
export function checkTiers(tiers: readonly TierDocument[], path: string): Issue[] {
  const issues: Issue[] = [];
  let prev = -1;
  tiers.forEach((t, i) => {
    const last = i === tiers.length - 1;
    if (last && t.upToKwh !== undefined)
      issues.push({ path: `${path}/${i}/upToKwh`, message: 'the last tier must be open (no upToKwh)' });
    if (!last && t.upToKwh === undefined)
      issues.push({ path: `${path}/${i}/upToKwh`, message: 'only the last tier may be open' });
    if (t.upToKwh !== undefined) {
      const v = kwhTextToWh(t.upToKwh);
      if (v <= prev)
        issues.push({
          path: `${path}/${i}/upToKwh`,
          message: `tier thresholds must increase (${t.upToKwh} after ${prev / WH_PER_KWH})`,
        });
      if (v <= 0) issues.push({ path: `${path}/${i}/upToKwh`, message: 'a tier threshold must be above 0' });
      prev = v;
    }
  });
  return issues;
}

/**
 * Thresholds in force for the segment. Monthly: scaled by the period's month share, rounded to
 * whole kWh. Annual: scaled by months in service / 12 (part month counts whole), whole kWh.
 */
export function limitsFor(tiers: CompiledTiers, ctx: RuleContext): number[] {
  if (tiers.cycle === 'monthly') {
    if (ctx.monthNum === ctx.monthDen) return tiers.limitsWh;
    return tiers.limitsWh.map((l) => mulDivRoundHalfUp(l, ctx.monthNum, ctx.monthDen * WH_PER_KWH) * WH_PER_KWH);
  }
  const used = monthsInServiceOfCycle(tiers.cycleStartMonth, ctx);
  if (used === MONTHS_PER_YEAR) return tiers.limitsWh;
  return tiers.limitsWh.map((l) => divRoundHalfUp(l * used, MONTHS_PER_YEAR * WH_PER_KWH) * WH_PER_KWH);
}

/** Months of the annual cycle with service, counting a part month as a whole one. */
export function monthsInServiceOfCycle(startMonth: number, ctx: RuleContext): number {
  const from = dayParts(ctx.periodFromDay);
  const cycleYear = from.month >= startMonth ? from.year : from.year - 1;
  const cycleStart = monthStartDay(cycleYear, startMonth);
  const cycleEnd = monthStartDay(cycleYear + 1, startMonth);
  if (ctx.periodToDay > cycleEnd) {
    throw new AppError(
      'VALIDATION_FAILED',
      'the billing period crosses the annual tier cycle; split it at the cycle start',
      [{ path: '/period', message: `the annual cycle ends before the period does` }],
    );
  }
  const index = (day: number): number => {
    const p = dayParts(day);
    return (p.year - cycleYear) * MONTHS_PER_YEAR + p.month - startMonth;
  };
  const first = ctx.moveInDay !== undefined && ctx.moveInDay > cycleStart ? index(ctx.moveInDay) : 0;
  const last = ctx.moveOutDay !== undefined && ctx.moveOutDay < cycleEnd ? index(ctx.moveOutDay) : MONTHS_PER_YEAR - 1;
  return Math.max(1, last - first + 1);
}

/**
 * Splits `wh` consumed after `offsetWh` (earlier energy of the cycle) over tiers bounded by
 * `limitsWh`; the result has limitsWh.length + 1 entries and always sums to `wh`.
 */
export function splitIntoTiers(offsetWh: number, wh: number, limitsWh: readonly number[]): number[] {
  const out = new Array<number>(limitsWh.length + 1);
  let lower = 0;
  const start = offsetWh;
  const end = offsetWh + wh;
  for (let i = 0; i <= limitsWh.length; i++) {
    const upper = i < limitsWh.length ? limitsWh[i] : Infinity;
    const a = start > lower ? start : lower;
    const b = end < upper ? end : upper;
    out[i] = b > a ? b - a : 0;
    lower = upper;
  }
  return out;
}

/** Tier names for line codes and labels (1-based). */
export const tierLabelZh = (i: number): string =>
  `第${['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'][i]}档`;
