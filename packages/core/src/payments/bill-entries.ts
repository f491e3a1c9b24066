import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import { credit, debit, makeDraft, type JournalDraft, type PostingLine } from './journal-entry.ts';
import { receivable, revenue, vatOutput, wallet, type RevenueKind } from './ledger-account.ts';
import { checkDate, checkNonNegativeFen, checkPositiveFen, checkText } from './money-validation.ts';
import { splitVat, type VatRate } from './vat-split.ts';

/** A released bill as the ledger needs it: VAT-inclusive amounts by revenue kind. */
export interface BillForLedger {
  billId: string;
  accountId: string;
  /** Local date of release (电费发行). */
  releaseDate: string;
  /** VAT-inclusive amount per kind, in fen; a kind may be negative (a power-factor credit). */
  grossByKind: ReadonlyMap<RevenueKind, number>;
  vatRate: VatRate;
}

/** Bill release: Dr receivable (item = bill) / Cr revenue by kind (net) / Cr output VAT. */
export function billReleaseEntry(bill: BillForLedger): JournalDraft {
  const issues: Issue[] = [];
  checkText(issues, '/billId', bill.billId);
  checkText(issues, '/accountId', bill.accountId);
  checkDate(issues, '/releaseDate', bill.releaseDate);
  let total = 0;
  for (const v of bill.grossByKind.values()) total += v;
  checkPositiveFen(issues, '/grossByKind', total);
  assertNoIssues(issues, `bill ${bill.billId}`);
  const split = splitVat(bill.grossByKind, bill.vatRate);
  const lines: PostingLine[] = [debit(receivable(bill.accountId), total, bill.billId)];
  for (const [kind, net] of split.netByKind) lines.push(credit(revenue(kind), net));
  lines.push(credit(vatOutput(), split.vatFen));
  return makeDraft(
    'bill_release',
    `bill-release:${bill.billId}`,
    bill.releaseDate,
    `bill ${bill.billId} released`,
    lines,
  );
}

/** A credit note that reduces a released bill after a rebill (退补). */
export interface CreditNote {
  creditNoteId: string;
  billId: string;
  accountId: string;
  issueDate: string;
  /** VAT-inclusive amount credited, by kind. */
  grossByKind: ReadonlyMap<RevenueKind, number>;
  vatRate: VatRate;
  /** What is still open on the bill; the part of the credit beyond it goes to the wallet. */
  billOpenFen: number;
  reason: string;
}

/**
 * Credit note: Dr revenue by kind / Dr output VAT / Cr receivable of the bill up to its open amount,
 * and Cr wallet for the rest, since a bill already paid turns the credit into money we owe.
 */
export function creditNoteEntry(note: CreditNote): JournalDraft {
  const issues: Issue[] = [];
  checkText(issues, '/creditNoteId', note.creditNoteId);
  checkText(issues, '/reason', note.reason);
  checkDate(issues, '/issueDate', note.issueDate);
  checkNonNegativeFen(issues, '/billOpenFen', note.billOpenFen);
  let total = 0;
  for (const v of note.grossByKind.values()) total += v;
  checkPositiveFen(issues, '/grossByKind', total);
  assertNoIssues(issues, `credit note ${note.creditNoteId}`);
  const split = splitVat(note.grossByKind, note.vatRate);
  const againstBill = Math.min(total, note.billOpenFen);
  const lines: PostingLine[] = [];
  for (const [kind, net] of split.netByKind) lines.push(debit(revenue(kind), net));
  lines.push(debit(vatOutput(), split.vatFen));
  lines.push(credit(receivable(note.accountId), againstBill, note.billId));
  lines.push(credit(wallet(note.accountId), total - againstBill));
  return makeDraft(
    'credit_note',
    `credit-note:${note.creditNoteId}`,
    note.issueDate,
    `credit note ${note.creditNoteId} on bill ${note.billId}: ${note.reason}`,
    lines,
  );
}
