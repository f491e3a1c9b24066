import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import { addDays } from '../time/zone.ts';
import { mulDivRoundHalfUp, type Fen } from '../units/money.ts';
import { validateLateFeeRules, type LateFeeRules } from './late-fee-rules.ts';
import { checkDate, checkNonNegativeFen } from './money-validation.ts';

/** An unpaid amount: a whole bill, or the part of a bill that was paid late on `settledOn`. */
export interface ArrearsItem {
  ref: string;
  amountFen: number;
  dueDate: string;
  /** The year the arrears belong to; defaults to the due date's year. */
  arrearsYear?: number;
  /** Local date the amount was paid; counting stops there (inclusive). Absent = still unpaid. */
  settledOn?: string;
}

export interface LateFeeInput {
  residential: boolean;
  /** Local date of the assessment; counting runs to it inclusive for unpaid items. */
  asOf: string;
  items: readonly ArrearsItem[];
  rules: LateFeeRules;
}

export interface LateFeeItemResult {
  ref: string;
  /** Days overdue, counted from the day after the due date. */
  days: number;
  currentRateDays: number;
  earlierRateDays: number;
  feeFen: Fen;
}

export interface LateFeeResult {
  items: LateFeeItemResult[];
  totalFen: Fen;
  minimumApplied: boolean;
}

const MS_PER_DAY = 86_400_000;
const daysBetween = (from: string, to: string) => Math.round((Date.parse(to) - Date.parse(from)) / MS_PER_DAY);
const PPM = 1_000_000;

/**
 * Computes 违约金 for one account on one date; every rate and the minimum come from `rules`.
 * One fee per item, rounded half-up to the fen; the minimum applies to the assessment's total.
 */
export function computeLateFee(input: LateFeeInput): LateFeeResult {
  const issues: Issue[] = validateLateFeeRules(input.rules, '/rules');
  checkDate(issues, '/asOf', input.asOf);
  input.items.forEach((it, i) => {
    checkNonNegativeFen(issues, `/items/${i}/amountFen`, it.amountFen);
    checkDate(issues, `/items/${i}/dueDate`, it.dueDate);
    if (it.settledOn !== undefined) checkDate(issues, `/items/${i}/settledOn`, it.settledOn);
  });
  assertNoIssues(issues, 'late fee');
  const items = input.items.map((it) => itemFee(it, input));
  const sum = items.reduce((s, x) => s + x.feeFen, 0);
  const minimumApplied = sum > 0 && sum < input.rules.minimumFen;
  return { items, totalFen: (minimumApplied ? input.rules.minimumFen : sum) as Fen, minimumApplied };
}

function itemFee(it: ArrearsItem, input: LateFeeInput): LateFeeItemResult {
  const end = it.settledOn !== undefined && it.settledOn < input.asOf ? it.settledOn : input.asOf;
  const days = Math.max(0, daysBetween(it.dueDate, end));
  const { rules } = input;
  if (input.residential) {
    const feeFen = mulDivRoundHalfUp(it.amountFen, days * rules.residentialPpmPerDay, PPM) as Fen;
    return { ref: it.ref, days, currentRateDays: days, earlierRateDays: 0, feeFen };
  }
  const year = it.arrearsYear ?? Number(it.dueDate.slice(0, 4));
  let currentRateDays: number;
  if (rules.crossYear === 'by_as_of_year') {
    currentRateDays = Number(end.slice(0, 4)) > year ? 0 : days;
  } else {
    // Days up to 31 December of the arrears' own year are current-year days.
    const yearEnd = `${year}-12-31`;
    const first = addDays(it.dueDate, 1);
    currentRateDays = days === 0 || first > yearEnd ? 0 : Math.min(days, daysBetween(it.dueDate, yearEnd));
  }
  const earlierRateDays = days - currentRateDays;
  const ppmDays = currentRateDays * rules.currentYearPpmPerDay + earlierRateDays * rules.earlierYearsPpmPerDay;
  const feeFen = mulDivRoundHalfUp(it.amountFen, ppmDays, PPM) as Fen;
  return { ref: it.ref, days, currentRateDays, earlierRateDays, feeFen };
}
