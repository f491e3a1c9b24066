import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import type { Fen } from '../units/money.ts';
import { credit, debit, makeDraft, type JournalDraft, type PostingLine } from './journal-entry.ts';
import { receivable, wallet } from './ledger-account.ts';
import { checkDate, checkNonNegativeFen } from './money-validation.ts';

/** One open receivable item: a bill or a late fee, with what is still owed on it. */
export interface OpenItem {
  ref: string;
  dueDate: string;
  openFen: number;
}

export interface Allocation {
  ref: string;
  amountFen: Fen;
}

export interface AllocationResult {
  allocations: Allocation[];
  allocatedFen: Fen;
  /** What stays in the wallet as credit (overpayment or prepaid balance). */
  remainingFen: Fen;
}

/** Oldest first: earlier due date, then the item's ref so the order is total and repeatable. */
export function compareOpenItems(a: OpenItem, b: OpenItem): number {
  if (a.dueDate !== b.dueDate) return a.dueDate < b.dueDate ? -1 : 1;
  return a.ref < b.ref ? -1 : a.ref > b.ref ? 1 : 0;
}

/**
 * Spreads the money available in the wallet over open items, oldest first; a partial payment
 * pays the oldest item in part, an overpayment stays as credit. Never allocates more than an item
 * owes or more than is available.
 */
export function allocateOldestFirst(availableFen: number, items: readonly OpenItem[]): AllocationResult {
  const issues: Issue[] = [];
  checkNonNegativeFen(issues, '/availableFen', availableFen);
  items.forEach((it, i) => {
    checkNonNegativeFen(issues, `/items/${i}/openFen`, it.openFen);
    checkDate(issues, `/items/${i}/dueDate`, it.dueDate);
  });
  assertNoIssues(issues, 'allocation');
  let left = availableFen;
  const allocations: Allocation[] = [];
  for (const item of [...items].sort(compareOpenItems)) {
    if (left === 0) break;
    const take = Math.min(left, item.openFen);
    if (take === 0) continue;
    allocations.push({ ref: item.ref, amountFen: take as Fen });
    left -= take;
  }
  return { allocations, allocatedFen: (availableFen - left) as Fen, remainingFen: left as Fen };
}

/** Allocation: Dr wallet / Cr receivable, one credit line per item paid. Null when nothing is paid. */
export function allocationEntry(
  idempotencyKey: string,
  accountId: string,
  businessDate: string,
  result: AllocationResult,
): JournalDraft | null {
  if (result.allocatedFen === 0) return null;
  const lines: PostingLine[] = [debit(wallet(accountId), result.allocatedFen)];
  for (const a of result.allocations) lines.push(credit(receivable(accountId), a.amountFen, a.ref));
  const refs = result.allocations.map((a) => a.ref).join(', ');
  return makeDraft('allocation', idempotencyKey, businessDate, `allocated to ${refs}`, lines);
}
