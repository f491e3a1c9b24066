import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import { credit, debit, makeDraft, type JournalDraft } from './journal-entry.ts';
import { bankClearing, cashInTransit, refundsPayable, wallet, type PaymentChannel } from './ledger-account.ts';
import { checkDate, checkPositiveFen, checkText } from './money-validation.ts';

export interface PaymentReceived {
  paymentId: string;
  accountId: string;
  channel: PaymentChannel;
  amountFen: number;
  /** Local date the customer paid. */
  paidOn: string;
  /** The provider's transaction id (online, bank) or the counter receipt number. */
  externalRef: string;
}

/**
 * Payment received: Dr cash in transit (channel) / Cr wallet. Money always lands in the wallet
 * first; allocation to bills is a separate entry, so an overpayment simply stays there as credit.
 */
export function paymentReceivedEntry(p: PaymentReceived): JournalDraft {
  const issues: Issue[] = [];
  checkText(issues, '/paymentId', p.paymentId);
  checkText(issues, '/accountId', p.accountId);
  checkText(issues, '/externalRef', p.externalRef);
  checkPositiveFen(issues, '/amountFen', p.amountFen);
  checkDate(issues, '/paidOn', p.paidOn);
  assertNoIssues(issues, `payment ${p.paymentId}`);
  return makeDraft('payment_received', `payment:${p.paymentId}`, p.paidOn, `${p.channel} payment ${p.externalRef}`, [
    debit(cashInTransit(p.channel), p.amountFen, p.externalRef),
    credit(wallet(p.accountId), p.amountFen),
  ]);
}

/** The channel paid its collections into our bank: Dr bank clearing / Cr cash in transit. */
export function channelSettlementEntry(
  settlementId: string,
  channel: PaymentChannel,
  amountFen: number,
  settledOn: string,
): JournalDraft {
  const issues: Issue[] = [];
  checkText(issues, '/settlementId', settlementId);
  checkPositiveFen(issues, '/amountFen', amountFen);
  checkDate(issues, '/settledOn', settledOn);
  assertNoIssues(issues, `settlement ${settlementId}`);
  return makeDraft(
    'channel_settlement',
    `settlement:${settlementId}`,
    settledOn,
    `${channel} settlement ${settlementId}`,
    [debit(bankClearing(), amountFen), credit(cashInTransit(channel), amountFen)],
  );
}

/** Refund approved out of the customer's credit: Dr wallet / Cr refunds payable. */
export function refundApprovedEntry(
  refundId: string,
  accountId: string,
  amountFen: number,
  walletFen: number,
  approvedOn: string,
  reason: string,
): JournalDraft {
  const issues: Issue[] = [];
  checkText(issues, '/refundId', refundId);
  checkText(issues, '/reason', reason);
  checkPositiveFen(issues, '/amountFen', amountFen);
  checkDate(issues, '/approvedOn', approvedOn);
  if (amountFen > walletFen)
    issues.push({ path: '/amountFen', message: `refund ${amountFen} exceeds the credit held (${walletFen})` });
  assertNoIssues(issues, `refund ${refundId}`);
  return makeDraft('refund_approved', `refund-approved:${refundId}`, approvedOn, `refund ${refundId}: ${reason}`, [
    debit(wallet(accountId), amountFen),
    credit(refundsPayable(accountId), amountFen),
  ]);
}

/**
 * Takes back an approval entry whose decision lost to another staff member's rejection (both
 * decided the same refund at once): the credit returns to the wallet. A rejected refund is final,
 * so the approval's key is never posted again.
 */
export function refundApprovalWithdrawnEntry(
  refundId: string,
  accountId: string,
  amountFen: number,
  on: string,
): JournalDraft {
  const issues: Issue[] = [];
  checkText(issues, '/refundId', refundId);
  checkPositiveFen(issues, '/amountFen', amountFen);
  checkDate(issues, '/on', on);
  assertNoIssues(issues, `refund ${refundId}`);
  return makeDraft(
    'refund_withdrawn',
    `refund-approval-withdrawn:${refundId}`,
    on,
    `refund ${refundId}: rejected meanwhile`,
    [debit(refundsPayable(accountId), amountFen), credit(wallet(accountId), amountFen)],
  );
}

/** How an approved refund left us: back through the payment provider, or by our bank. */
export interface RefundPayout {
  /** `online`: the provider paid it back out of the money it holds for us; `bank`: our bank paid it. */
  via: 'online' | 'bank';
  /** The provider's refund id or the bank's transaction id, kept on the cash line. */
  externalRef?: string;
}

/**
 * Refund paid out: Dr refunds payable / Cr cash in transit (online, the provider nets it from what it
 * owes us) or Cr bank clearing (bank payout).
 */
export function refundPaidEntry(
  refundId: string,
  accountId: string,
  amountFen: number,
  paidOn: string,
  payout: RefundPayout = { via: 'bank' },
): JournalDraft {
  const issues: Issue[] = [];
  checkText(issues, '/refundId', refundId);
  checkPositiveFen(issues, '/amountFen', amountFen);
  checkDate(issues, '/paidOn', paidOn);
  if (payout.externalRef !== undefined) checkText(issues, '/externalRef', payout.externalRef);
  assertNoIssues(issues, `refund ${refundId}`);
  const cash = payout.via === 'online' ? cashInTransit('online') : bankClearing();
  return makeDraft('refund_paid', `refund-paid:${refundId}`, paidOn, `refund ${refundId} paid (${payout.via})`, [
    debit(refundsPayable(accountId), amountFen),
    credit(cash, amountFen, payout.externalRef),
  ]);
}
