import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import { credit, debit, makeDraft, type JournalDraft } from './journal-entry.ts';
import { lateFeeRevenue, receivable } from './ledger-account.ts';
import { checkDate, checkPositiveFen, checkText } from './money-validation.ts';

/** Late fee charged: Dr receivable (item = the late fee) / Cr late-fee revenue. No VAT on 违约金. */
export function lateFeeChargeEntry(
  lateFeeId: string,
  accountId: string,
  amountFen: number,
  chargedOn: string,
  onBills: readonly string[],
): JournalDraft {
  const issues: Issue[] = [];
  checkText(issues, '/lateFeeId', lateFeeId);
  checkPositiveFen(issues, '/amountFen', amountFen);
  checkDate(issues, '/chargedOn', chargedOn);
  assertNoIssues(issues, `late fee ${lateFeeId}`);
  return makeDraft('late_fee_charge', `late-fee:${lateFeeId}`, chargedOn, `late fee on ${onBills.join(', ')}`, [
    debit(receivable(accountId), amountFen, lateFeeId),
    credit(lateFeeRevenue(), amountFen),
  ]);
}

export interface LateFeeWaiver {
  waiverId: string;
  lateFeeId: string;
  accountId: string;
  amountFen: number;
  /** What is still open on the late fee; a waiver cannot exceed it. */
  openFen: number;
  waivedOn: string;
  reason: string;
  approvedBy: string;
}

/** Waiver (减免): Dr late-fee revenue / Cr receivable of the late-fee item; needs a reason and an approver. */
export function lateFeeWaiverEntry(w: LateFeeWaiver): JournalDraft {
  const issues: Issue[] = [];
  checkText(issues, '/reason', w.reason);
  checkText(issues, '/approvedBy', w.approvedBy);
  checkPositiveFen(issues, '/amountFen', w.amountFen);
  checkDate(issues, '/waivedOn', w.waivedOn);
  if (w.amountFen > w.openFen)
    issues.push({ path: '/amountFen', message: `waiver ${w.amountFen} exceeds the open late fee (${w.openFen})` });
  assertNoIssues(issues, `waiver ${w.waiverId}`);
  return makeDraft(
    'late_fee_waiver',
    `late-fee-waiver:${w.waiverId}`,
    w.waivedOn,
    `waiver of ${w.lateFeeId} by ${w.approvedBy}: ${w.reason}`,
    [debit(lateFeeRevenue(), w.amountFen), credit(receivable(w.accountId), w.amountFen, w.lateFeeId)],
  );
}
