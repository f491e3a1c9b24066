import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import type { Fen } from '../units/money.ts';
import { credit, debit, makeDraft, type JournalDraft } from './journal-entry.ts';
import { prepaidEstimates, receivable, wallet } from './ledger-account.ts';
import { checkDate, checkNonNegativeFen, checkPositiveFen, checkText } from './money-validation.ts';

/** Daily prepaid deduction (日结扣费): Dr wallet / Cr prepaid estimates. */
export function prepaidDeductionEntry(accountId: string, day: string, amountFen: number): JournalDraft {
  const issues: Issue[] = [];
  checkText(issues, '/accountId', accountId);
  checkPositiveFen(issues, '/amountFen', amountFen);
  checkDate(issues, '/day', day);
  assertNoIssues(issues, `deduction ${accountId} ${day}`);
  return deductionDraft(accountId, day, amountFen);
}

/** The deduction entry without input checks, for callers that validated a whole batch once. */
export function deductionDraft(accountId: string, day: string, amountFen: number): JournalDraft {
  return makeDraft('prepaid_deduction', `prepaid-deduction:${accountId}:${day}`, day, `daily settlement ${day}`, [
    debit(wallet(accountId), amountFen),
    credit(prepaidEstimates(accountId), amountFen),
  ]);
}

export interface TrueUp {
  accountId: string;
  billId: string;
  /** The formal bill's total, already released onto the receivable. */
  billTotalFen: number;
  /** Sum of the daily deductions of the billing period (the prepaid estimates to clear). */
  estimatesFen: number;
  trueUpDate: string;
}

/**
 * Month-end true-up: the formal bill replaces the daily estimates. Dr prepaid estimates (clear
 * them) / Cr receivable of the bill (it is paid) and the difference to the wallet: Dr wallet when
 * the bill is higher than the estimates, Cr wallet when it is lower.
 */
export function prepaidTrueUpEntry(t: TrueUp): { draft: JournalDraft; walletChangeFen: Fen } {
  const issues: Issue[] = [];
  checkNonNegativeFen(issues, '/billTotalFen', t.billTotalFen);
  checkNonNegativeFen(issues, '/estimatesFen', t.estimatesFen);
  checkDate(issues, '/trueUpDate', t.trueUpDate);
  if (t.billTotalFen === 0 && t.estimatesFen === 0)
    issues.push({ path: '/billTotalFen', message: 'nothing to true up' });
  assertNoIssues(issues, `true-up ${t.billId}`);
  const difference = t.billTotalFen - t.estimatesFen;
  const draft = makeDraft('prepaid_true_up', `true-up:${t.billId}`, t.trueUpDate, `true-up of bill ${t.billId}`, [
    debit(prepaidEstimates(t.accountId), t.estimatesFen),
    credit(receivable(t.accountId), t.billTotalFen, t.billId),
    debit(wallet(t.accountId), difference),
  ]);
  return { draft, walletChangeFen: (0 - difference) as Fen };
}
