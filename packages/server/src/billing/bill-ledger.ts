import { billReleaseEntry, creditNoteEntry } from '@meterflow/core/payments/bill-entries';
import type { RevenueKind } from '@meterflow/core/payments/ledger-account';
import type { VatRate } from '@meterflow/core/payments/vat-split';
import { addDays, parseScaled } from '@meterflow/core';
import type { Bill } from '@meterflow/core/billing/index';
import { allocateWallet, postEntry, step, type BillTable, type Store } from '@meterflow/store';

/** Days from release to the due date (check: the supply contract's payment term). */
export const BILL_DUE_DAYS = 15;
const PERCENT_SCALE = 2;

/** Which revenue account each kind of bill line books to. */
const KIND_OF_CATEGORY: Record<string, RevenueKind> = {
  energy: 'energy',
  basic: 'basic',
  funds: 'funds',
  adjustment: 'pf_adjustment',
  credit: 'energy',
};

function grossByKind(bill: Bill): Map<RevenueKind, number> {
  const out = new Map<RevenueKind, number>();
  for (const l of bill.lines) {
    const kind = KIND_OF_CATEGORY[l.category] ?? 'other';
    out.set(kind, (out.get(kind) ?? 0) + l.amount);
  }
  return out;
}

async function vatRateOf(store: Store, tariffId: string, version: number): Promise<VatRate> {
  const v = (await store.billing.tariffs.versions(tariffId)).find((x) => x.version === version);
  if (!v) throw new Error(`tariff ${tariffId} version ${version} is not stored`);
  return { numerator: parseScaled(v.vat_rate_percent, PERCENT_SCALE), denominator: 100 * 10 ** PERCENT_SCALE };
}

/**
 * Posts a released bill's receivable through the payments ledger (Dr receivable with the bill as
 * its open item, Cr revenue by kind and output VAT), so payments allocate against it oldest-first.
 * Credit already in a postpaid account's wallet (an overpayment) pays the bill at once, oldest item
 * first; a prepaid account's wallet is settled against the bill by its true-up instead. Idempotent:
 * the entries' keys are the bill id. A bill of zero (no use) opens no receivable.
 */
export async function postBillRelease(store: Store, row: BillTable, bill: Bill, releaseDate: string, at: string) {
  if (Number(row.total_fen) <= 0) return false;
  const draft = billReleaseEntry({
    billId: row.id,
    accountId: row.account_id,
    releaseDate,
    grossByKind: grossByKind(bill),
    vatRate: await vatRateOf(store, row.tariff_id, row.tariff_version),
  });
  const item = {
    ref: row.id,
    account_id: row.account_id,
    kind: 'bill' as const,
    due_date: addDays(releaseDate, BILL_DUE_DAYS),
    bill_month: row.cycle,
    energy_wh: Number(row.energy_wh),
  };
  const prepaid = (await store.prepaid.accounts.get(row.account_id)) !== undefined;
  const allocationKey = `allocation:release:${row.id}`;
  await store.payments.ledger.run(function* () {
    yield* postEntry(draft, at, [item]);
    // Once per bill: a release repeated after a crash must not allocate credit paid in since.
    if (!prepaid && !(yield* step('findEntry', allocationKey)))
      yield* allocateWallet(row.account_id, allocationKey, releaseDate, at);
  });
  return true;
}

/** Posts the credit note of a rebill against the original bill's open amount (the rest to the wallet). */
export async function postCreditNote(
  store: Store,
  note: { id: string; reason: string },
  original: BillTable,
  bill: Bill,
  issueDate: string,
  at: string,
): Promise<void> {
  if (Number(original.total_fen) <= 0) return;
  const open = (await store.payments.ledger.openItems(original.account_id)).find((i) => i.ref === original.id);
  const draft = creditNoteEntry({
    creditNoteId: note.id,
    billId: original.id,
    accountId: original.account_id,
    issueDate,
    grossByKind: grossByKind(bill),
    vatRate: await vatRateOf(store, original.tariff_id, original.tariff_version),
    billOpenFen: open?.openFen ?? 0,
    reason: note.reason,
  });
  await store.payments.ledger.post(draft, at);
}
