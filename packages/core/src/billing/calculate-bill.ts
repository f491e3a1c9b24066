import { divRoundHalfUp, fen, type Fen } from '../units/money.ts';
import type { Bill, BillLine } from './bill.ts';
import { dayNumber, wholeMonthsBetween } from './day-number.ts';
import type { BillingDeterminants } from './determinants.ts';
import { splitProportional } from './exact-math.ts';
import type { PricingPlan, CompiledTariff } from './pricing-plan.ts';
import type { RuleContext } from './pricing-rule.ts';
import { AppError } from '../errors/error-codes.ts';

const BASIS_POINTS = 10_000;

/** A part of the billing period under one tariff version. */
interface Segment {
  plan: PricingPlan;
  days: number;
}

/**
 * Calculates one account's bill for one period. A price change inside the period splits energy
 * (and monthly limits and charges) by days; the lines always sum to the total.
 */
export function calculateBill(tariff: CompiledTariff, d: BillingDeterminants): Bill {
  const fromDay = dayNumber(d.periodFrom);
  const toDay = dayNumber(d.periodTo);
  const moveInDay = d.moveInDate === undefined ? undefined : dayNumber(d.moveInDate);
  const moveOutDay = d.moveOutDate === undefined ? undefined : dayNumber(d.moveOutDate);
  const activeFrom = moveInDay !== undefined && moveInDay > fromDay ? moveInDay : fromDay;
  const activeTo = moveOutDay !== undefined && moveOutDay + 1 < toDay ? moveOutDay + 1 : toDay;
  if (activeTo <= activeFrom) {
    throw new AppError('VALIDATION_FAILED', 'the period has no day of service', [
      { path: '/period', message: 'no active day' },
    ]);
  }
  const days = activeTo - activeFrom;
  const wholeMonths = activeFrom === fromDay && activeTo === toDay ? wholeMonthsBetween(d.periodFrom, d.periodTo) : 0;
  const multiplier = d.multiplier ?? 1;
  const activeWh = (d.activeWh ?? sumValues(d.touWh)) * multiplier;
  const lines: BillLine[] = [];
  const ctx: RuleContext = {
    tariffVersion: 0,
    activeWh,
    touWh: multiplier === 1 ? d.touWh : scaleValues(d.touWh, multiplier),
    periodActiveWh: activeWh,
    periodReactiveVarh: (d.reactiveVarh ?? 0) * multiplier,
    maxDemandW: (d.maxDemandW ?? 0) * multiplier,
    capacityVa: d.capacityVa ?? 0,
    contractDemandW: d.contractDemandW ?? 0,
    basicChargeMethod: d.basicChargeMethod,
    powerFactorStandard: d.powerFactorStandard,
    cycleToDateWh: d.cycleToDateWh ?? 0,
    monthNum: 1,
    monthDen: 1,
    periodFromDay: fromDay,
    periodToDay: toDay,
    moveInDay,
    moveOutDay,
    minimumIncome: d.minimumIncome === true,
    lines,
    segmentStart: 0,
  };
  const plan = planCovering(tariff, activeFrom, activeTo);
  if (plan) {
    // The common case: one version covers the whole period, so no segment bookkeeping.
    const total = runSegment(ctx, plan, wholeMonths || days, wholeMonths ? 1 : plan.prorationDaysPerMonth);
    return finish(tariff, d, days, lines, total, netOfVat(total, plan.vatBp), ctx.powerFactorHundredths);
  }
  const segments = segmentsOf(tariff, activeFrom, activeTo);
  const totals = runSegments(ctx, segments, days, wholeMonths);
  let total = 0;
  for (const t of totals) total += t;
  return finish(tariff, d, days, lines, total, segmentedNetOfVat(segments, totals, total), ctx.powerFactorHundredths);
}

function planCovering(tariff: CompiledTariff, from: number, to: number): PricingPlan | undefined {
  const plans = tariff.plans;
  for (let i = 0; i < plans.length; i++) {
    if (plans[i].fromDay <= from && to <= plans[i].untilDay) return plans[i];
  }
  return undefined;
}

function runSegment(ctx: RuleContext, plan: PricingPlan, monthNum: number, monthDen: number): number {
  ctx.tariffVersion = plan.version;
  ctx.monthNum = monthNum;
  ctx.monthDen = monthDen;
  ctx.segmentStart = ctx.lines.length;
  for (const rule of plan.rules) rule.compute(ctx, ctx.lines);
  let total = 0;
  for (let i = ctx.segmentStart; i < ctx.lines.length; i++) total += ctx.lines[i].amount;
  return total;
}

function runSegments(ctx: RuleContext, segments: readonly Segment[], days: number, wholeMonths: number): number[] {
  const weights = segments.map((s) => s.days);
  const activeParts = splitProportional(ctx.activeWh, weights, days);
  const touParts = ctx.touWh ? splitRecord(ctx.touWh, weights, days) : undefined;
  const cycleStart = ctx.cycleToDateWh;
  const totals: number[] = [];
  let before = 0;
  segments.forEach((s, i) => {
    ctx.activeWh = activeParts[i];
    ctx.touWh = touParts?.[i];
    ctx.cycleToDateWh = cycleStart + before;
    before += activeParts[i];
    const num = (wholeMonths || days) * s.days;
    const den = (wholeMonths ? 1 : s.plan.prorationDaysPerMonth) * days;
    totals.push(runSegment(ctx, s.plan, num, den));
  });
  return totals;
}

function segmentsOf(tariff: CompiledTariff, from: number, to: number): Segment[] {
  const out: Segment[] = [];
  for (const plan of tariff.plans) {
    const a = Math.max(from, plan.fromDay);
    const b = Math.min(to, plan.untilDay);
    if (b > a) out.push({ plan, days: b - a });
  }
  let covered = 0;
  for (const s of out) covered += s.days;
  if (covered !== to - from) {
    throw new AppError('VALIDATION_FAILED', `tariff ${tariff.id} has no version in force for part of the period`, [
      { path: '/period', message: `tariff starts ${tariff.plans[0].effectiveFrom}` },
    ]);
  }
  return out;
}

function finish(
  tariff: CompiledTariff,
  d: BillingDeterminants,
  days: number,
  lines: BillLine[],
  total: number,
  net: Fen,
  pf: number | undefined,
): Bill {
  let check = 0;
  for (let i = 0; i < lines.length; i++) check += lines[i].amount;
  // Money moves here: the lines and the total must agree to the fen.
  if (check !== total || !Number.isSafeInteger(total)) throw new Error(`bill lines sum to ${check}, total is ${total}`);
  const bill: Bill = {
    tariffId: tariff.id,
    periodFrom: d.periodFrom,
    periodTo: d.periodTo,
    days,
    estimated: d.estimated === true,
    lines,
    totalFen: fen(total),
    netFen: net,
    taxFen: fen(total - net),
  };
  if (d.accountId !== undefined) bill.accountId = d.accountId;
  if (pf !== undefined) bill.powerFactorHundredths = pf;
  return bill;
}

/** net = round(total / (1 + rate), 0.01 yuan). */
function netOfVat(total: number, vatBp: number): Fen {
  return fen(divRoundHalfUp(total * BASIS_POINTS, BASIS_POINTS + vatBp));
}

/** Over a price change the rate is usually the same; per segment only when the rate itself changed. */
function segmentedNetOfVat(segments: readonly Segment[], totals: readonly number[], total: number): Fen {
  const rate = segments[0].plan.vatBp;
  if (segments.every((s) => s.plan.vatBp === rate)) return netOfVat(total, rate);
  let net = 0;
  segments.forEach((s, i) => (net += netOfVat(totals[i], s.plan.vatBp)));
  return fen(net);
}

function sumValues(r: Readonly<Record<string, number>> | undefined): number {
  let n = 0;
  if (r) for (const k in r) n += r[k];
  return n;
}

function scaleValues(r: Readonly<Record<string, number>> | undefined, k: number): Record<string, number> | undefined {
  if (!r) return undefined;
  const out: Record<string, number> = {};
  for (const key in r) out[key] = r[key] * k;
  return out;
}

function splitRecord(
  r: Readonly<Record<string, number>>,
  weights: readonly number[],
  sum: number,
): Record<string, number>[] {
  const out: Record<string, number>[] = weights.map(() => ({}));
  for (const key in r) {
    const parts = splitProportional(r[key], weights, sum);
    parts.forEach((p, i) => (out[i][key] = p));
  }
  return out;
}
