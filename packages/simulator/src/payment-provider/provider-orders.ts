import { localDate } from '@meterflow/core';

export interface ProviderOrder {
  orderId: string;
  amountFen: number;
  notifyUrl: string;
  returnUrl: string;
  subject: string;
  /** `failed`: the payment was declined at the provider (a test sets it); final like `closed`. */
  status: 'created' | 'paid' | 'closed' | 'failed';
  providerTxnId?: string;
  paidAt?: string;
  /** Sum of the refunds paid back on this order. */
  refundedFen?: number;
}

/** A refund the provider paid back to the customer, remembered by the merchant's refund id. */
export interface ProviderRefund {
  refundId: string;
  orderId: string;
  amountFen: number;
  status: 'refunded';
  providerRefundId: string;
  refundedAt: string;
}

/** A refund the provider refused; not remembered, so the same refund id may be tried again. */
export interface RefusedRefund {
  refundId: string;
  orderId: string;
  amountFen: number;
  status: 'failed';
  reason: string;
}

/** Most orders the simulator keeps; it is a test double, not a bank. */
export const MAX_ORDERS = 1_000_000;

/** The provider's book of orders, in memory. */
export class ProviderOrders {
  private readonly orders = new Map<string, ProviderOrder>();
  private readonly refunds = new Map<string, ProviderRefund>();
  private txnSeq = 0;
  private refundSeq = 0;

  /** Registers an order; the same id again returns the first registration. */
  create(o: Omit<ProviderOrder, 'status'>): ProviderOrder {
    const seen = this.orders.get(o.orderId);
    if (seen) return seen;
    if (this.orders.size >= MAX_ORDERS) throw new Error('simulator order book is full');
    const order: ProviderOrder = { ...o, status: 'created' };
    this.orders.set(o.orderId, order);
    return order;
  }

  get(id: string): ProviderOrder | undefined {
    return this.orders.get(id);
  }

  /** The customer pays: created → paid (paying twice is refused by the caller seeing `paid`). */
  pay(id: string, now: Date): ProviderOrder | undefined {
    const o = this.orders.get(id);
    if (!o || o.status !== 'created') return o;
    o.status = 'paid';
    o.providerTxnId = `SIM${now.toISOString().slice(0, 10).replaceAll('-', '')}${String(++this.txnSeq).padStart(10, '0')}`;
    o.paidAt = now.toISOString();
    return o;
  }

  close(id: string): ProviderOrder | undefined {
    const o = this.orders.get(id);
    if (o && o.status === 'created') o.status = 'closed';
    return o;
  }

  /** The payment is declined (a test says so): created → failed. */
  fail(id: string): ProviderOrder | undefined {
    const o = this.orders.get(id);
    if (o && o.status === 'created') o.status = 'failed';
    return o;
  }

  /**
   * Pays money of a paid order back: the same refund id again answers the first refund and pays
   * nothing more; an order not paid, another amount under a used id, or more than is left is refused.
   */
  refund(
    orderId: string,
    refundId: string,
    amountFen: number,
    now: Date,
    refuse?: string,
  ): ProviderRefund | RefusedRefund | undefined {
    const o = this.orders.get(orderId);
    if (!o) return undefined;
    const refused = (reason: string): RefusedRefund => ({ refundId, orderId, amountFen, status: 'failed', reason });
    const seen = this.refunds.get(refundId);
    if (seen) return seen.orderId === orderId && seen.amountFen === amountFen ? seen : refused('refund id reused');
    if (refuse) return refused(refuse);
    if (o.status !== 'paid') return refused(`order is ${o.status}, not paid`);
    if (!Number.isSafeInteger(amountFen) || amountFen <= 0) return refused('bad amount');
    if ((o.refundedFen ?? 0) + amountFen > o.amountFen)
      return refused(`only ${o.amountFen - (o.refundedFen ?? 0)} fen left to refund`);
    o.refundedFen = (o.refundedFen ?? 0) + amountFen;
    const r: ProviderRefund = {
      refundId,
      orderId,
      amountFen,
      status: 'refunded',
      providerRefundId: `SIMR${now.toISOString().slice(0, 10).replaceAll('-', '')}${String(++this.refundSeq).padStart(8, '0')}`,
      refundedAt: now.toISOString(),
    };
    this.refunds.set(refundId, r);
    return r;
  }

  /** Refunds paid, for tests that count payouts. */
  refundsOf(orderId: string): ProviderRefund[] {
    return [...this.refunds.values()].filter((r) => r.orderId === orderId);
  }

  /** The daily statement: every order paid on a local date (Asia/Shanghai), as CSV. */
  statement(day: string): string {
    const lines = ['provider_txn_id,order_id,amount_fen,paid_at'];
    for (const o of this.orders.values()) {
      if (o.status === 'paid' && o.paidAt && localDate(new Date(o.paidAt)) === day) {
        lines.push([o.providerTxnId, o.orderId, o.amountFen, o.paidAt].join(','));
      }
    }
    return lines.join('\n') + '\n';
  }
}
