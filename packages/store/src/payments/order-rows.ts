import type { PaymentOrderTable, PaymentOrderTargetTable } from './payments-schema.ts';
import type { PaymentOrder } from './ledger-ops.ts';

/** Maps an order row and its target rows to the domain shape. */
export function orderFromRows(row: PaymentOrderTable, targets: readonly PaymentOrderTargetTable[]): PaymentOrder {
  return {
    id: row.id,
    channel: row.channel as PaymentOrder['channel'],
    amountFen: Number(row.amount_fen),
    state: row.state,
    providerTxnId: row.provider_txn_id,
    payerCustomerId: row.payer_customer_id,
    createdBy: row.created_by,
    createdAt: row.created_at,
    paidAt: row.paid_at,
    businessDate: row.business_date,
    receiptNo: row.receipt_no,
    targets: targets.map((t) => ({ accountId: t.account_id, amountFen: Number(t.amount_fen) })),
  };
}

/** Maps an order to its row (without targets). */
export function orderToRow(o: PaymentOrder): PaymentOrderTable {
  return {
    id: o.id,
    channel: o.channel,
    amount_fen: o.amountFen,
    state: o.state,
    provider_txn_id: o.providerTxnId,
    payer_customer_id: o.payerCustomerId,
    created_by: o.createdBy,
    created_at: o.createdAt,
    paid_at: o.paidAt,
    business_date: o.businessDate,
    receipt_no: o.receiptNo,
    updated_at: o.paidAt ?? o.createdAt,
  };
}
