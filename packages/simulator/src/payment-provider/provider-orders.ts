import { localDate } from '@meterflow/core';

export interface ProviderOrder {
  orderId: string;
  amountFen: number;
  notifyUrl: string;
  returnUrl: string;
  subject: string;
  status: 'created' | 'paid' | 'closed';
  providerTxnId?: string;
  paidAt?: string;
}

/** Most orders the simulator keeps; it is a test double, not a bank. */
export const MAX_ORDERS = 1_000_000;

/** The provider's book of orders, in memory. */
export class ProviderOrders {
  private readonly orders = new Map<string, ProviderOrder>();
  private txnSeq = 0;

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
