import { billReleaseEntry } from '@meterflow/core/payments/bill-entries';
import type { Store } from '@meterflow/store';

export interface ReceivableSeed {
  billId: string;
  accountId: string;
  /** VAT-inclusive energy charge in fen. */
  amountFen: number;
  dueDate: string;
  releaseDate?: string;
  month?: string;
  energyWh?: number;
}

/**
 * Posts a released bill the way billing will (a receivable item with due date, month and energy),
 * for tests and the demo until bill storage posts its own releases.
 */
export async function postReceivable(store: Store, r: ReceivableSeed, postedAt: string): Promise<void> {
  const draft = billReleaseEntry({
    billId: r.billId,
    accountId: r.accountId,
    releaseDate: r.releaseDate ?? r.dueDate,
    grossByKind: new Map([['energy', r.amountFen]]),
    vatRate: { numerator: 13, denominator: 100 },
  });
  await store.payments.ledger.post(draft, postedAt, [
    {
      ref: r.billId,
      account_id: r.accountId,
      kind: 'bill',
      due_date: r.dueDate,
      bill_month: r.month ?? r.dueDate.slice(0, 7),
      energy_wh: r.energyWh ?? null,
    },
  ]);
}
