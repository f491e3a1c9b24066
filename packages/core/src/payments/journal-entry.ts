import type { Fen } from '../units/money.ts';
import type { LedgerAccount } from './ledger-account.ts';

/**
 * One line of a journal entry. `amountFen` is signed: positive = debit, negative = credit, so an
 * entry balances exactly when its lines sum to zero. `ref` names the sub-ledger item (a bill id or
 * a late-fee id) on receivable lines, so open items per bill are derived from postings too.
 */
export interface PostingLine {
  readonly account: LedgerAccount;
  readonly amountFen: Fen;
  readonly ref?: string;
}

export type EntryKind =
  | 'bill_release'
  | 'payment_received'
  | 'channel_settlement'
  | 'allocation'
  | 'refund_approved'
  | 'refund_withdrawn'
  | 'refund_paid'
  | 'late_fee_charge'
  | 'late_fee_waiver'
  | 'prepaid_deduction'
  | 'prepaid_true_up'
  | 'credit_note';

/** What a posting rule produces; the ledger turns it into a JournalEntry. */
export interface JournalDraft {
  readonly idempotencyKey: string;
  readonly kind: EntryKind;
  /** The local business date the entry belongs to (`YYYY-MM-DD`, Asia/Shanghai). */
  readonly businessDate: string;
  readonly memo: string;
  readonly lines: readonly PostingLine[];
}

/** An immutable, balanced entry as stored in the ledger. */
export interface JournalEntry extends JournalDraft {
  readonly seq: number;
  /** UTC instant the ledger accepted the entry. */
  readonly postedAt: string;
}

/** Entries larger than this are a programming error (a batch should be many entries). */
export const MAX_LINES_PER_ENTRY = 1000;

/** Builds a debit line. */
export const debit = (account: LedgerAccount, amountFen: number, ref?: string): PostingLine =>
  ref === undefined ? { account, amountFen: amountFen as Fen } : { account, amountFen: amountFen as Fen, ref };

/** Builds a credit line (stored negative). */
export const credit = (account: LedgerAccount, amountFen: number, ref?: string): PostingLine =>
  debit(account, -amountFen, ref);

/**
 * Asserts the invariants every posting must hold: at least two lines, every amount a non-zero
 * safe integer, and the lines summing to exactly zero. A failure is a bug in a posting rule.
 */
export function assertBalanced(draft: JournalDraft): void {
  const { lines } = draft;
  if (lines.length < 2 || lines.length > MAX_LINES_PER_ENTRY) {
    throw new Error(`entry ${draft.idempotencyKey}: ${lines.length} lines; need 2..${MAX_LINES_PER_ENTRY}`);
  }
  let sum = 0;
  for (const line of lines) {
    if (!Number.isSafeInteger(line.amountFen) || line.amountFen === 0) {
      throw new Error(`entry ${draft.idempotencyKey}: bad amount ${line.amountFen} on ${line.account}`);
    }
    sum += line.amountFen;
  }
  if (sum !== 0) throw new Error(`entry ${draft.idempotencyKey} does not balance: lines sum to ${sum} fen`);
}

/** Builds a draft, dropping zero lines (a rule may compute a zero part) and asserting balance. */
export function makeDraft(
  kind: EntryKind,
  idempotencyKey: string,
  businessDate: string,
  memo: string,
  lines: readonly PostingLine[],
): JournalDraft {
  const draft: JournalDraft = {
    idempotencyKey,
    kind,
    businessDate,
    memo,
    lines: lines.filter((l) => l.amountFen !== 0),
  };
  assertBalanced(draft);
  return draft;
}

/** A canonical text of an entry's content, used to tell a retry from a reuse of the key. */
export function draftFingerprint(draft: JournalDraft): string {
  const lines = draft.lines.map((l) => `${l.account}|${l.ref ?? ''}|${l.amountFen}`);
  return JSON.stringify([draft.kind, draft.businessDate, draft.memo, lines]);
}
