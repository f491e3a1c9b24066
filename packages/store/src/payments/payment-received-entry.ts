import { credit, debit, makeDraft, type JournalDraft } from '@meterflow/core/payments/journal-entry';
import { cashInTransit, wallet } from '@meterflow/core/payments/ledger-account';
import { paymentReceivedEntry } from '@meterflow/core/payments/payment-entries';
import type { PaymentOrder } from './ledger-ops.ts';

/**
 * Payment received for an order: one line of cash in transit (ref = the channel's transaction id,
 * so reconciliation sees one payment) and one wallet credit per account the order pays, so a group
 * paying several subsidiaries at once books one payment.
 */
export function orderPaymentEntry(order: PaymentOrder, externalRef: string, paidOn: string): JournalDraft {
  if (order.targets.length === 1) {
    return paymentReceivedEntry({
      paymentId: order.id,
      accountId: order.targets[0].accountId,
      channel: order.channel,
      amountFen: order.amountFen,
      paidOn,
      externalRef,
    });
  }
  const lines = [debit(cashInTransit(order.channel), order.amountFen, externalRef)];
  for (const t of order.targets) lines.push(credit(wallet(t.accountId), t.amountFen));
  return makeDraft(
    'payment_received',
    `payment:${order.id}`,
    paidOn,
    `${order.channel} payment ${externalRef} for ${order.targets.length} accounts`,
    lines,
  );
}
