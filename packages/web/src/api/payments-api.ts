// Typed calls of the payments API (docs/payments.md); all through the one request function.
import { request } from './api-client.ts';

const enc = encodeURIComponent;

export interface OrderTarget {
  accountId: string;
  accountNo: string;
  holderMasked: string;
  amountFen: number;
}

export interface PaymentOrder {
  id: string;
  channel: string;
  state: 'created' | 'paid' | 'closed' | string;
  amountFen: number;
  providerTxnId: string | null;
  receiptNo: string | null;
  createdAt: string;
  paidAt: string | null;
  businessDate: string | null;
  targets: OrderTarget[];
}

export interface PaymentOverview {
  accountId: string;
  walletFen: number;
  arrearsFen: number;
  balanceFen: number;
  status: 'paid_up' | 'due' | 'overdue' | string;
  openItems: { ref: string; dueDate: string; openFen: number }[];
  paymentsThisMonth: number;
}

export interface CreatedOrder {
  order: PaymentOrder;
  payUrl: string;
}

export interface AccountLookup {
  accountId: string;
  accountNo: string;
  holderMasked: string;
  orgName: string;
  arrearsFen: number;
}

export interface GroupMonthRow {
  month: string;
  customerId: string;
  customerName: string;
  accountId: string;
  accountNo: string;
  energyWh: number;
  costFen: number;
  arrearsFen: number;
  /** The current month before its bill: energy metered so far (to `asOf`), no cost yet. */
  soFar: boolean;
  asOf: string | null;
}

export interface ReconciliationReport {
  id: string;
  day: string;
  channel: string;
  uploadedAt?: string;
  report: {
    matched: { providerTxnId: string; paymentId: string; amountFen: number }[];
    missingOnOurSide: { providerTxnId: string; amountFen: number; paidAt: string }[];
    missingAtProvider: { paymentId: string; providerTxnId: string; amountFen: number }[];
    amountMismatches: {
      providerTxnId: string;
      paymentId: string;
      providerFen: number;
      ledgerFen: number;
      differenceFen: number;
    }[];
    duplicates: { side: string; providerTxnId: string; count: number }[];
    providerTotalFen: number;
    ledgerTotalFen: number;
  };
}

export interface Refund {
  id: string;
  account_id: string;
  payment_order_id: string | null;
  amount_fen: number;
  reason: string;
  state: 'requested' | 'approved' | 'rejected' | string;
  requested_by: string;
  requested_at: string;
  decided_by: string | null;
  decided_at: string | null;
  /** The decision until approved, then how far the payout got. */
  status: RefundStatus;
  payout: RefundPayout | null;
}

export type RefundStatus = 'requested' | 'rejected' | 'approved' | 'paying' | 'paid' | 'payout_failed';

export interface RefundPayout {
  /** `provider`: back to where a gateway payment came from; `bank_file`: a line of a bank payout file. */
  method: 'provider' | 'bank_file';
  state: string;
  attempts: number;
  failure_reason: string | null;
  external_ref: string | null;
  file_id: string | null;
  paid_at: string | null;
}

export interface PayoutFile {
  fileId: string;
  fileName: string;
  lines: number;
  totalFen: number;
}

export interface PaymentSearch {
  accountNo?: string;
  ref?: string;
  from?: string;
  to?: string;
  channel?: string;
  state?: string;
}

/** A fresh key for one payment attempt; a retry of the same attempt sends the same key. */
export function newIdempotencyKey(): string {
  // getRandomValues works on plain-http deployments too, where randomUUID is missing.
  const bytes = crypto.getRandomValues(new Uint8Array(16));
  return `web-${Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('')}`;
}

const key = (k: string) => ({ headers: { 'idempotency-key': k } });
const query = (q: Record<string, string | undefined>) => {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(q)) if (v) p.set(k, v);
  const s = p.toString();
  return s ? `?${s}` : '';
};

/** The group month table as a CSV file (a plain link; the browser downloads it with the session cookie). */
export const groupMonthsCsvUrl = (from: string, to: string) =>
  `/api/payments/group/months.csv?from=${enc(from)}&to=${enc(to)}`;

export const paymentsApi = {
  overview: (accountId: string) =>
    request<PaymentOverview>('GET', `/api/payments/overview?accountId=${enc(accountId)}`),
  history: (accountId: string, limit = 50) =>
    request<{ items: PaymentOrder[] }>('GET', `/api/payments/history?accountId=${enc(accountId)}&limit=${limit}`).then(
      (r) => r.items,
    ),
  order: (id: string) => request<PaymentOrder>('GET', `/api/payments/orders/${enc(id)}`),
  /** Asks the server to check with the provider (an order whose callback has not come yet). */
  queryOrder: (id: string) => request<PaymentOrder>('POST', `/api/payments/orders/${enc(id)}/query`),
  lookup: (accountNo: string) => request<AccountLookup>('GET', `/api/payments/lookup?accountNo=${enc(accountNo)}`),
  createOrder: (
    target: { accountId: string; amountFen: number } | { accountNo: string; amountFen: number },
    idempotencyKey: string,
  ) => request<CreatedOrder>('POST', '/api/payments/orders', target, key(idempotencyKey)),
  createGroupOrder: (items: { accountId: string; amountFen: number }[], idempotencyKey: string) =>
    request<CreatedOrder>('POST', '/api/payments/group-orders', { items }, key(idempotencyKey)),
  groupMonths: (from: string, to: string) =>
    request<{ items: GroupMonthRow[] }>('GET', `/api/payments/group/months?from=${enc(from)}&to=${enc(to)}`).then(
      (r) => r.items,
    ),
  search: (q: PaymentSearch) =>
    request<{ items: PaymentOrder[] }>('GET', `/api/payments/search${query({ ...q })}`).then((r) => r.items),
  counter: (body: { accountNo: string; amountFen: number; reference?: string }, idempotencyKey: string) =>
    request<{ order: PaymentOrder; replayed: boolean }>('POST', '/api/payments/counter', body, key(idempotencyKey)),
  reconcile: (day: string, csv: string) =>
    request<ReconciliationReport>('POST', `/api/payments/reconciliation?day=${enc(day)}`, csv, {
      contentType: 'text/csv',
    }),
  reconciliations: () =>
    request<{ items: ReconciliationReport[] }>('GET', '/api/payments/reconciliation').then((r) => r.items),
  refunds: (state?: string) =>
    request<{ items: Refund[] }>('GET', `/api/payments/refunds${query({ state })}`).then((r) => r.items),
  requestRefund: (body: { accountNo: string; amountFen: number; reason: string; paymentOrderId?: string }) =>
    request<Refund>('POST', '/api/payments/refunds', body),
  decideRefund: (id: string, approve: boolean) =>
    request<Refund>('POST', `/api/payments/refunds/${enc(id)}/${approve ? 'approve' : 'reject'}`),
  retryRefundPayout: (id: string) => request<Refund>('POST', `/api/payments/refunds/${enc(id)}/payout`),
  makePayoutFile: () => request<PayoutFile>('POST', '/api/payments/refunds/payout-files'),
  /** Where the browser downloads a payout file (a plain link: the session cookie goes along). */
  payoutFileUrl: (fileId: string) => `/api/payments/refunds/payout-files/${enc(fileId)}`,
  payoutResult: (csv: string) =>
    request<{ lines: number; paid: number; failed: number; duplicates: number }>(
      'POST',
      '/api/payments/refunds/payout-result',
      csv,
      { contentType: 'text/csv' },
    ),
};

/** Parses a yuan amount typed by a person ("12", "12.5", "12.50") into whole fen; undefined when not valid. */
export function parseYuanToFen(text: string): number | undefined {
  const m = /^\s*(\d{1,7})(?:\.(\d{1,2}))?\s*$/.exec(text);
  if (!m) return undefined;
  const fen = Number(m[1]) * 100 + Number((m[2] ?? '').padEnd(2, '0'));
  return fen > 0 ? fen : undefined;
}

/** Fen as yuan with two decimals, exact (integer arithmetic, no binary fractions). */
export function fenToYuan(fen: number): string {
  const sign = fen < 0 ? '-' : '';
  const a = Math.abs(fen);
  return `${sign}${Math.floor(a / 100)}.${String(a % 100).padStart(2, '0')}`;
}
