/**
 * Tables of the payments context (migration 0004-payments; refund payouts 0012). Conventions as in ../schema.ts: text ids,
 * ISO-8601 UTC instants, YYYY-MM-DD dates, integers in the smallest unit (fen, Wh).
 */
import type { Generated } from 'kysely';

/** One balanced journal entry (append-only). `seq` orders the journal. */
export interface LedgerEntryTable {
  seq: Generated<number>;
  idempotency_key: string;
  kind: string;
  business_date: string;
  memo: string;
  /** Canonical content, so a retry (same key, same content) is told apart from a reuse of the key. */
  fingerprint: string;
  posted_at: string;
}

/** One posting line (append-only); `amount_fen` signed, debit positive. Balances are SUMs over these. */
export interface LedgerLineTable {
  entry_seq: number;
  line_no: number;
  ledger_account: string;
  amount_fen: number;
  ref: string | null;
}

/** A receivable item (bill or late fee): its due date and, for bills, month and energy (append-only). */
export interface ReceivableItemTable {
  ref: string;
  account_id: string;
  kind: string;
  due_date: string;
  bill_month: string | null;
  energy_wh: number | null;
  entry_seq: number;
}

export type PaymentOrderState = 'created' | 'paid' | 'closed';

/** A payment order: online orders move created → paid (or closed); counter and bank orders are born paid. */
export interface PaymentOrderTable {
  id: string;
  channel: string;
  amount_fen: number;
  state: PaymentOrderState;
  provider_txn_id: string | null;
  /** The customer who paid (the group for a group payment); null for staff-entered payments. */
  payer_customer_id: string | null;
  created_by: string | null;
  created_at: string;
  paid_at: string | null;
  business_date: string | null;
  receipt_no: string | null;
  updated_at: string;
}

/** Which accounts a payment order credits, and how much each (one row for an ordinary payment). */
export interface PaymentOrderTargetTable {
  order_id: string;
  account_id: string;
  amount_fen: number;
}

/** A remembered answer to a payment-creating request, keyed by the caller and its Idempotency-Key. */
export interface IdempotencyKeyTable {
  scope: string;
  key: string;
  request_hash: string;
  response: string;
  created_at: string;
}

export type RefundState = 'requested' | 'approved' | 'rejected';

export interface RefundTable {
  id: string;
  account_id: string;
  payment_order_id: string | null;
  amount_fen: number;
  reason: string;
  state: RefundState;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
}

export type RefundPayoutMethod = 'provider' | 'bank_file';
/**
 * `pending` → `sending` (provider call under way) or `sent` (line in a bank payout file) → `paid`;
 * `failed` keeps the reason and goes back to `sending`/`sent` on a retry.
 */
export type RefundPayoutState = 'pending' | 'sending' | 'sent' | 'paid' | 'failed';

/** How an approved refund is paid out (migration 0012-refund-payouts). */
export interface RefundPayoutTable {
  refund_id: string;
  method: RefundPayoutMethod;
  /** The gateway order refunded against (provider payouts). */
  payment_order_id: string | null;
  state: RefundPayoutState;
  /** Provider calls made, or payout files the line went into. */
  attempts: number;
  failure_reason: string | null;
  /** The provider's refund id or the bank's transaction id, once paid. */
  external_ref: string | null;
  /** The bank payout file (`bank_batches.id`) the line was last sent in. */
  file_id: string | null;
  paid_at: string | null;
  /** The `refund_paid` ledger entry. */
  entry_seq: number | null;
  created_at: string;
  updated_at: string;
}

/** A bank withholding (代扣) file: `out` = request file sent to the bank, `in` = result file back. */
export interface BankBatchTable {
  id: string;
  direction: 'out' | 'in';
  file_name: string;
  created_by: string;
  created_at: string;
  item_count: number;
  total_fen: number;
  content: string;
}

export interface BankBatchItemTable {
  batch_id: string;
  line_no: number;
  account_no: string;
  amount_fen: number;
  result: string;
  payment_order_id: string | null;
  message: string;
}

/** A provider's daily statement as uploaded, with the reconciliation report computed from it. */
export interface ProviderStatementTable {
  id: string;
  channel: string;
  statement_date: string;
  uploaded_by: string;
  uploaded_at: string;
  content: string;
  report: string;
}

/** A late-fee waiver (减免), audited: who, why, how much (append-only). */
export interface LateFeeWaiverTable {
  id: string;
  account_id: string;
  late_fee_ref: string;
  amount_fen: number;
  reason: string;
  approved_by: string;
  waived_at: string;
  entry_seq: number;
}

export interface PaymentsTables {
  ledger_entries: LedgerEntryTable;
  ledger_lines: LedgerLineTable;
  receivable_items: ReceivableItemTable;
  payment_orders: PaymentOrderTable;
  payment_order_targets: PaymentOrderTargetTable;
  idempotency_keys: IdempotencyKeyTable;
  refunds: RefundTable;
  refund_payouts: RefundPayoutTable;
  bank_batches: BankBatchTable;
  bank_batch_items: BankBatchItemTable;
  provider_statements: ProviderStatementTable;
  late_fee_waivers: LateFeeWaiverTable;
}
