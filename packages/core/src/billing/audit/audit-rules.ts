import type {
  AuditInput,
  AuditLine,
  AuditLineColumns,
  AuditReason,
  AuditRuleCode,
  AuditThresholds,
} from './audit-input.ts';

/** One automatic audit rule: a reason to hold the bill, or nothing. */
export interface AuditRule {
  code: AuditRuleCode;
  check(b: AuditInput, t: AuditThresholds): AuditReason['params'] | undefined;
}

const PERCENT = 100;

/** Whole percent change of `now` against `ref`, or undefined when there is no usable reference. */
function changeBeyond(now: number, ref: number | undefined, t: AuditThresholds): number | undefined {
  if (ref === undefined || ref < t.changeMinReferenceWh) return undefined;
  const percent = Math.round(((now - ref) * PERCENT) / ref);
  return Math.abs(percent) > t.changePercent ? percent : undefined;
}

// Credits and the power-factor adjustment may be negative by design; nothing else may.
function mayBeNegative(category: string): boolean {
  return category === 'credit' || category === 'adjustment';
}

/** Lines with a negative amount or quantity that may not have one. */
function negativeLines(lines: AuditInput['lines']): number {
  let bad = 0;
  if (Array.isArray(lines)) {
    for (const l of lines as readonly AuditLine[])
      if ((l.amount < 0 || l.quantity < 0) && !mayBeNegative(l.category)) bad++;
    return bad;
  }
  const c = lines as AuditLineColumns;
  for (let i = 0; i < c.length; i++)
    if ((c.amount[i] < 0 || c.quantity[i] < 0) && !mayBeNegative(c.kind[i].category)) bad++;
  return bad;
}

/** The rules in the order their reasons are shown. */
export const AUDIT_RULES: readonly AuditRule[] = [
  { code: 'zeroUse', check: (b) => (b.energyWh === 0 ? {} : undefined) },
  {
    code: 'changeVsLastMonth',
    check: (b, t) => {
      const percent = changeBeyond(b.energyWh, b.lastMonthWh, t);
      return percent === undefined ? undefined : { percent, referenceWh: b.lastMonthWh!, energyWh: b.energyWh };
    },
  },
  {
    code: 'changeVsLastYear',
    check: (b, t) => {
      const percent = changeBeyond(b.energyWh, b.sameMonthLastYearWh, t);
      return percent === undefined ? undefined : { percent, referenceWh: b.sameMonthLastYearWh!, energyWh: b.energyWh };
    },
  },
  { code: 'estimatedRead', check: (b) => (b.estimated ? {} : undefined) },
  {
    code: 'largeAmount',
    check: (b, t) => {
      const limit = t.largeAmountFen[b.customerClass] ?? t.largeAmountFen.default;
      return limit !== undefined && b.totalFen >= limit ? { totalFen: b.totalFen, limitFen: limit } : undefined;
    },
  },
  {
    code: 'negativeLine',
    check: (b) => {
      const bad = negativeLines(b.lines);
      return bad > 0 ? { lines: bad } : undefined;
    },
  },
  { code: 'tariffChanged', check: (b) => (b.tariffChanged ? {} : undefined) },
  { code: 'multiplierChanged', check: (b) => (b.multiplierChanged ? {} : undefined) },
];
