import type { Issue } from '../errors/error-codes.ts';
import type { Fen } from '../units/money.ts';

/**
 * The three lines of cost control, agreed with the customer (data): remind at or below `warningFen`,
 * trip at or below `stopFen` (often 0), close again once a payment lifts the balance above
 * `restoreFen`. restore ≥ stop gives the hysteresis that stops a meter flapping.
 */
export interface PrepaidLines {
  warningFen: number;
  stopFen: number;
  restoreFen: number;
  /** Send a "stop imminent" reminder when the forecast says the stop line is this many days away. */
  stopImminentDays: number;
}

export const DEFAULT_PREPAID_LINES: PrepaidLines = Object.freeze({
  warningFen: 2000,
  stopFen: 0,
  restoreFen: 0,
  stopImminentDays: 1,
});

/** Every problem with a set of lines at once. */
export function validatePrepaidLines(l: PrepaidLines, path = ''): Issue[] {
  const issues: Issue[] = [];
  for (const k of ['warningFen', 'stopFen', 'restoreFen', 'stopImminentDays'] as const) {
    if (!Number.isSafeInteger(l[k])) issues.push({ path: `${path}/${k}`, message: 'must be a whole number' });
  }
  if (l.warningFen < l.stopFen) issues.push({ path: `${path}/warningFen`, message: 'must not be below the stop line' });
  if (l.restoreFen < l.stopFen) issues.push({ path: `${path}/restoreFen`, message: 'must not be below the stop line' });
  return issues;
}

/** What the customer can still spend: money held, less arrears and deductions not yet posted, plus any credit allowed. */
export function availableBalance(parts: {
  walletFen: number;
  openReceivableFen: number;
  pendingDeductionsFen: number;
  creditAllowanceFen: number;
}): Fen {
  return (parts.walletFen - parts.openReceivableFen - parts.pendingDeductionsFen + parts.creditAllowanceFen) as Fen;
}
