/** The payment rules that touch storage, written once as programs (see program.ts). */
import { AppError } from '@meterflow/core';
import { assertBalanced, draftFingerprint, type JournalDraft } from '@meterflow/core/payments/journal-entry';
import { wallet } from '@meterflow/core/payments/ledger-account';
import { allocateOldestFirst, allocationEntry, type AllocationResult } from '@meterflow/core/payments/allocate-payment';
import type { PaymentOrder } from './ledger-ops.ts';
import type { ReceivableItemTable } from './payments-schema.ts';
import { step, type Program } from './program.ts';
import { orderPaymentEntry } from './payment-received-entry.ts';

/** A receivable item to record with the entry that creates it (bill release, late fee). */
export type ReceivableItemInput = Omit<ReceivableItemTable, 'entry_seq'>;

export interface PostOutcome {
  seq: number;
  created: boolean;
}

/** Posts a draft once per idempotency key: same content returns the first entry, other content is refused. */
export function* postEntry(
  draft: JournalDraft,
  postedAt: string,
  items: readonly ReceivableItemInput[] = [],
): Program<PostOutcome> {
  assertBalanced(draft);
  const fingerprint = draftFingerprint(draft);
  const seen = yield* step('findEntry', draft.idempotencyKey);
  if (seen) {
    if (seen.fingerprint === fingerprint) return { seq: seen.seq, created: false };
    throw new AppError('IDEMPOTENCY_KEY_REUSED', `idempotency key ${draft.idempotencyKey} was used for another entry`, [
      { path: '/idempotencyKey', message: `first used for ledger entry #${seen.seq}` },
    ]);
  }
  const seq = yield* step('insertEntry', draft, fingerprint, postedAt);
  for (const it of items) yield* step('insertReceivableItem', { ...it, entry_seq: seq });
  return { seq, created: true };
}

/** Spreads an account's wallet credit over its open items, oldest due date first. */
export function* allocateWallet(
  accountId: string,
  key: string,
  businessDate: string,
  postedAt: string,
): Program<AllocationResult | null> {
  const items = yield* step('openItems', accountId);
  // Nothing open, nothing to allocate: skip summing the wallet (its lines grow with every payment).
  if (items.length === 0) return null;
  const held = 0 - (yield* step('sumAccount', wallet(accountId)));
  const result = allocateOldestFirst(Math.max(0, held), items);
  const draft = allocationEntry(key, accountId, businessDate, result);
  if (draft) yield* postEntry(draft, postedAt);
  return result;
}

export interface PaymentOutcome {
  order: PaymentOrder;
  /** False when the order was already paid (a duplicate or late callback): nothing was posted. */
  posted: boolean;
  allocations: { accountId: string; result: AllocationResult | null }[];
}

export interface Confirmation {
  providerTxnId: string;
  amountFen: number;
  paidAt: string;
  /** Local date the customer paid (Asia/Shanghai). */
  businessDate: string;
}

const receiptNo = (businessDate: string, seq: number) =>
  `MF${businessDate.replaceAll('-', '')}${String(seq).padStart(8, '0')}`;

/**
 * Marks an order paid and books it: payment entry, then allocation per account. An order already
 * paid with the same transaction is a duplicate and changes nothing; a closed (timed-out) order
 * whose money did arrive is still credited, since the customer did pay.
 */
export function* confirmOrder(orderId: string, c: Confirmation): Program<PaymentOutcome> {
  yield* step('lock', `order:${orderId}`);
  const order = yield* step('getOrder', orderId);
  if (!order) throw new AppError('NOT_FOUND', `payment order ${orderId} not found`);
  return yield* confirmLoaded(order, c);
}

/** Confirms an order already read under its lock. */
function* confirmLoaded(order: PaymentOrder, c: Confirmation): Program<PaymentOutcome> {
  checkAmount(order, c);
  if (order.state === 'paid') {
    if (order.providerTxnId !== c.providerTxnId) {
      throw new AppError('CONFLICT', `order ${order.id} was already paid by transaction ${order.providerTxnId}`);
    }
    return { order, posted: false, allocations: [] };
  }
  return yield* book(order, c, 'update');
}

function checkAmount(order: PaymentOrder, c: Confirmation): void {
  if (order.amountFen !== c.amountFen) {
    throw new AppError('VALIDATION_FAILED', `order ${order.id} is for ${order.amountFen} fen, not ${c.amountFen}`, [
      { path: '/amountFen', message: `expected ${order.amountFen}` },
    ]);
  }
}

/**
 * Books a payment: the payment entry, the order saved as paid (a stored order is updated; a payment
 * taken already is inserted as paid in one write), then allocation per account.
 */
function* book(order: PaymentOrder, c: Confirmation, save: 'insert' | 'update'): Program<PaymentOutcome> {
  for (const t of order.targets) yield* step('lock', `account:${t.accountId}`);
  const { seq } = yield* postEntry(orderPaymentEntry(order, c.providerTxnId, c.businessDate), c.paidAt);
  const paid: PaymentOrder = {
    ...order,
    state: 'paid',
    providerTxnId: c.providerTxnId,
    paidAt: c.paidAt,
    businessDate: c.businessDate,
    receiptNo: receiptNo(c.businessDate, seq),
  };
  if (save === 'insert') yield* step('insertOrder', paid);
  else yield* step('markOrderPaid', order.id, c.providerTxnId, c.paidAt, c.businessDate, paid.receiptNo!);
  const allocations = [];
  for (const t of order.targets) {
    const result = yield* allocateWallet(
      t.accountId,
      `allocation:${order.id}:${t.accountId}`,
      c.businessDate,
      c.paidAt,
    );
    allocations.push({ accountId: t.accountId, result });
  }
  return { order: paid, posted: true, allocations };
}

/** Creates an order waiting for the customer to pay at the provider. */
export function* createOrder(order: PaymentOrder): Program<PaymentOrder> {
  const existing = yield* step('getOrder', order.id);
  if (existing) throw new AppError('CONFLICT', `payment order ${order.id} already exists`);
  yield* step('insertOrder', order);
  return order;
}

/** A payment taken already (counter, bank): the order is created and confirmed in one program. */
export function* recordPayment(order: PaymentOrder, c: Confirmation): Program<PaymentOutcome> {
  yield* step('lock', `order:${order.id}`);
  if (yield* step('getOrder', order.id)) throw new AppError('CONFLICT', `payment order ${order.id} already exists`);
  checkAmount(order, c);
  // Targets in account order, as a stored order reads back: locks are then always taken in one order.
  const targets = [...order.targets].sort((a, b) =>
    a.accountId < b.accountId ? -1 : a.accountId > b.accountId ? 1 : 0,
  );
  return yield* book({ ...order, state: 'created', targets }, c, 'insert');
}

export interface IdempotentCall<R> {
  scope: string;
  key: string;
  requestHash: string;
  at: string;
  respond: (result: R) => unknown;
}

/**
 * Runs `body` once per (scope, key): a repeat with the same request hash gets the stored response,
 * a repeat with another body is IDEMPOTENCY_KEY_REUSED. The response is saved in the same
 * transaction as the effects, so an acknowledged request is never lost nor done twice.
 */
export function* idempotent<R>(
  call: IdempotentCall<R>,
  body: Program<R>,
): Program<{ response: unknown; replayed: boolean }> {
  yield* step('lock', `idem:${call.scope}:${call.key}`);
  const seen = yield* step('findIdempotency', call.scope, call.key);
  if (seen) {
    if (seen.requestHash !== call.requestHash) {
      throw new AppError('IDEMPOTENCY_KEY_REUSED', `Idempotency-Key ${call.key} was used with a different request`, [
        { path: '/headers/idempotency-key', message: 'reuse the key only to retry the very same request' },
      ]);
    }
    return { response: JSON.parse(seen.response) as unknown, replayed: true };
  }
  const response = call.respond(yield* body);
  yield* step('saveIdempotency', call.scope, call.key, call.requestHash, JSON.stringify(response), call.at);
  return { response, replayed: false };
}
