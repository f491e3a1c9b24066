import { divRoundHalfUp, fen, type Fen } from '../units/money.ts';
import type { Bill } from './bill.ts';
import { BillLines } from './bill-lines.ts';
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
 * Calculates bills one after another, reusing its rule context and line columns: the bulk path
 * (a bill run) reads the result from the calculator and encodes the lines from the columns, so a
 * bill costs no object per line. The figures of the last bill stay until the next `calculate`.
 */
export class BillCalculator {
  /** Lines of the last bill. */
  readonly lines = new BillLines();
  /** Active energy of the whole period, the multiplier applied (what the audit judges). */
  activeWh = 0;
  /** Days the service was active in the period (move-in/out applied). */
  days = 0;
  totalFen = 0 as Fen;
  netFen = 0 as Fen;
  taxFen = 0 as Fen;
  powerFactorHundredths: number | undefined = undefined;

  private readonly ctx: RuleContext = {
    tariffVersion: 0,
    activeWh: 0,
    touWh: undefined,
    periodActiveWh: 0,
    periodReactiveVarh: 0,
    maxDemandW: 0,
    capacityVa: 0,
    contractDemandW: 0,
    basicChargeMethod: undefined,
    powerFactorStandard: undefined,
    cycleToDateWh: 0,
    monthNum: 1,
    monthDen: 1,
    periodFromDay: 0,
    periodToDay: 0,
    moveInDay: undefined,
    moveOutDay: undefined,
    minimumIncome: false,
    lines: this.lines,
    segmentStart: 0,
    powerFactorHundredths: undefined,
  };

  // Most bills of a run share their period: its days are worked out once per distinct pair.
  private periodFrom: string | undefined;
  private periodTo: string | undefined;
  private fromDay = 0;
  private toDay = 0;
  private periodWholeMonths = 0;

  /**
   * Calculates one account's bill for one period into this calculator. A price change inside the
   * period splits energy (and monthly limits and charges) by days; the lines always sum to the total.
   */
  calculate(tariff: CompiledTariff, d: BillingDeterminants): this {
    if (d.periodFrom !== this.periodFrom || d.periodTo !== this.periodTo) {
      const from = dayNumber(d.periodFrom);
      const to = dayNumber(d.periodTo);
      this.periodWholeMonths = wholeMonthsBetween(d.periodFrom, d.periodTo);
      this.fromDay = from;
      this.toDay = to;
      this.periodFrom = d.periodFrom;
      this.periodTo = d.periodTo;
    }
    const fromDay = this.fromDay;
    const toDay = this.toDay;
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
    const wholeMonths = activeFrom === fromDay && activeTo === toDay ? this.periodWholeMonths : 0;
    const multiplier = d.multiplier ?? 1;
    const activeWh = (d.activeWh ?? sumValues(d.touWh)) * multiplier;
    this.activeWh = activeWh;
    const lines = this.lines;
    lines.clear();
    const ctx = this.ctx;
    ctx.tariffVersion = 0;
    ctx.activeWh = activeWh;
    ctx.touWh = multiplier === 1 ? d.touWh : scaleValues(d.touWh, multiplier);
    ctx.periodActiveWh = activeWh;
    ctx.periodReactiveVarh = (d.reactiveVarh ?? 0) * multiplier;
    ctx.maxDemandW = (d.maxDemandW ?? 0) * multiplier;
    ctx.capacityVa = d.capacityVa ?? 0;
    ctx.contractDemandW = d.contractDemandW ?? 0;
    ctx.basicChargeMethod = d.basicChargeMethod;
    ctx.powerFactorStandard = d.powerFactorStandard;
    ctx.cycleToDateWh = d.cycleToDateWh ?? 0;
    ctx.monthNum = 1;
    ctx.monthDen = 1;
    ctx.periodFromDay = fromDay;
    ctx.periodToDay = toDay;
    ctx.moveInDay = moveInDay;
    ctx.moveOutDay = moveOutDay;
    ctx.minimumIncome = d.minimumIncome === true;
    ctx.segmentStart = 0;
    ctx.powerFactorHundredths = undefined;
    const plan = planCovering(tariff, activeFrom, activeTo);
    if (plan) {
      // The common case: one version covers the whole period, so no segment bookkeeping.
      const total = runSegment(ctx, plan, wholeMonths || days, wholeMonths ? 1 : plan.prorationDaysPerMonth);
      return this.finish(days, total, netOfVat(total, plan.vatBp));
    }
    const segments = segmentsOf(tariff, activeFrom, activeTo);
    const totals = runSegments(ctx, segments, days, wholeMonths);
    let total = 0;
    for (const t of totals) total += t;
    return this.finish(days, total, segmentedNetOfVat(segments, totals, total));
  }

  private finish(days: number, total: number, net: Fen): this {
    const amounts = this.lines.amount;
    let check = 0;
    for (let i = 0; i < this.lines.length; i++) check += amounts[i];
    // Money moves here: the lines and the total must agree to the fen.
    if (check !== total || !Number.isSafeInteger(total))
      throw new Error(`bill lines sum to ${check}, total is ${total}`);
    this.days = days;
    this.totalFen = fen(total);
    this.netFen = net;
    this.taxFen = fen(total - net);
    this.powerFactorHundredths = this.ctx.powerFactorHundredths;
    return this;
  }
}

// calculateBill hands out a new Bill each time, so one calculator can serve every call.
const shared = new BillCalculator();

/**
 * Calculates one account's bill for one period. A price change inside the period splits energy
 * (and monthly limits and charges) by days; the lines always sum to the total.
 */
export function calculateBill(tariff: CompiledTariff, d: BillingDeterminants): Bill {
  const c = shared.calculate(tariff, d);
  const bill: Bill = {
    tariffId: tariff.id,
    periodFrom: d.periodFrom,
    periodTo: d.periodTo,
    days: c.days,
    estimated: d.estimated === true,
    lines: c.lines.toArray(),
    totalFen: c.totalFen,
    netFen: c.netFen,
    taxFen: c.taxFen,
  };
  if (d.accountId !== undefined) bill.accountId = d.accountId;
  if (c.powerFactorHundredths !== undefined) bill.powerFactorHundredths = c.powerFactorHundredths;
  return bill;
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
  const lines = ctx.lines;
  ctx.segmentStart = lines.length;
  const rules = plan.rules;
  for (let i = 0; i < rules.length; i++) rules[i].compute(ctx, lines);
  let total = 0;
  for (let i = ctx.segmentStart; i < lines.length; i++) total += lines.amount[i];
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
