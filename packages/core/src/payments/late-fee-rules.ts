import type { Issue } from '../errors/error-codes.ts';

/**
 * Late-payment penalty (违约金) rules from 供电营业规则. DOMAIN.md marks them (check), so they are
 * data: rates are in parts per million of the arrears per day (1000 ppm = 0.1 %).
 */
export interface LateFeeRules {
  residentialPpmPerDay: number;
  /** Non-residential arrears of the current year. */
  currentYearPpmPerDay: number;
  /** Non-residential arrears carried over from earlier years. */
  earlierYearsPpmPerDay: number;
  /** The least fee charged on an assessment that comes to more than zero (1 yuan). */
  minimumFen: number;
  /**
   * How days are rated once arrears cross a year end: `split_by_day` rates the days in the
   * arrears' own year at the current-year rate and the days after at the earlier-years rate;
   * `by_as_of_year` rates every day at the earlier-years rate once the arrears are from a past year.
   */
  crossYear: 'split_by_day' | 'by_as_of_year';
}

export const DEFAULT_LATE_FEE_RULES: LateFeeRules = Object.freeze({
  residentialPpmPerDay: 1000,
  currentYearPpmPerDay: 2000,
  earlierYearsPpmPerDay: 3000,
  minimumFen: 100,
  crossYear: 'split_by_day',
});

/** Every problem with a rules document, so a misconfigured tariff office fixes it in one pass. */
export function validateLateFeeRules(rules: LateFeeRules, path = ''): Issue[] {
  const issues: Issue[] = [];
  for (const k of ['residentialPpmPerDay', 'currentYearPpmPerDay', 'earlierYearsPpmPerDay', 'minimumFen'] as const) {
    const v = rules[k];
    if (!Number.isSafeInteger(v) || v < 0)
      issues.push({ path: `${path}/${k}`, message: `must be a whole number ≥ 0, got ${v}` });
  }
  if (rules.crossYear !== 'split_by_day' && rules.crossYear !== 'by_as_of_year') {
    issues.push({ path: `${path}/crossYear`, message: 'must be split_by_day or by_as_of_year' });
  }
  return issues;
}
