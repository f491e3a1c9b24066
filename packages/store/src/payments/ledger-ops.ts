/**
 * The storage steps a payment program needs, as one interface with a synchronous implementation
 * (better-sqlite3, for group commit) and an asynchronous one (Kysely, both dialects). A program is
 * written once as a generator that yields these steps (see program.ts), so both run the same rules.
 */
import type { JournalDraft } from '@meterflow/core/payments/journal-entry';
import type { OpenItem } from '@meterflow/core/payments/allocate-payment';
import type { PaymentOrderState, ReceivableItemTable } from './payments-schema.ts';

export interface IdempotencyRecord {
  requestHash: string;
  response: string;
}

export interface OrderTarget {
  accountId: string;
  amountFen: number;
}

/** A payment order with the accounts it credits. */
export interface PaymentOrder {
  id: string;
  channel: 'online' | 'counter' | 'bank';
  amountFen: number;
  state: PaymentOrderState;
  providerTxnId: string | null;
  payerCustomerId: string | null;
  createdBy: string | null;
  createdAt: string;
  paidAt: string | null;
  businessDate: string | null;
  receiptNo: string | null;
  targets: OrderTarget[];
}

export interface LedgerOps {
  /** Serialises concurrent programs on one key (an account, an order); a no-op on SQLite (one writer). */
  lock(key: string): void;
  findIdempotency(scope: string, key: string): IdempotencyRecord | undefined;
  saveIdempotency(scope: string, key: string, requestHash: string, response: string, at: string): void;
  findEntry(idempotencyKey: string): { seq: number; fingerprint: string } | undefined;
  insertEntry(draft: JournalDraft, fingerprint: string, postedAt: string): number;
  insertReceivableItem(item: ReceivableItemTable): void;
  /** Signed sum of every line on a ledger account (debit positive). */
  sumAccount(account: string): number;
  /** Receivable items of an account with a positive open amount. */
  openItems(accountId: string): OpenItem[];
  getOrder(id: string): PaymentOrder | undefined;
  insertOrder(order: PaymentOrder): void;
  markOrderPaid(id: string, providerTxnId: string, paidAt: string, businessDate: string, receiptNo: string): void;
}

/** The same steps, each returning a promise. */
export type AsyncLedgerOps = {
  [K in keyof LedgerOps]: (...args: Parameters<LedgerOps[K]>) => Promise<ReturnType<LedgerOps[K]>>;
};
