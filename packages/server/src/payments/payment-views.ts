import type { Account, Customer, PaymentOrder, Store } from '@meterflow/store';
import { maskHolderName } from './mask-holder-name.ts';

export interface OrderTargetView {
  accountId: string;
  accountNo: string;
  holderMasked: string;
  amountFen: number;
}

export interface OrderView {
  id: string;
  channel: string;
  state: string;
  amountFen: number;
  providerTxnId: string | null;
  receiptNo: string | null;
  createdAt: string;
  paidAt: string | null;
  businessDate: string | null;
  targets: OrderTargetView[];
}

export interface TargetInfo {
  account: Account;
  customer: Customer | undefined;
}

/**
 * Loads accounts and their holders for order views, one read per account; those in `known`
 * (already loaded by the caller, e.g. while checking the account may be paid) are not read again.
 */
export async function loadTargets(
  store: Store,
  accountIds: readonly string[],
  known: readonly TargetInfo[] = [],
): Promise<Map<string, TargetInfo>> {
  const out = new Map<string, TargetInfo>();
  for (const id of new Set(accountIds)) {
    const info = known.find((k) => k.account.id === id) ?? (await store.payments.lookups.accountWithHolder(id));
    if (info) out.set(id, info);
  }
  return out;
}

/** The holder's name as a payer may see it. */
export const maskedHolder = (t: TargetInfo | undefined): string =>
  t?.customer ? maskHolderName(t.customer.name, t.customer.type === 'residential') : '*';

/** An order as the API shows it; holders' names are always masked (a payer may not be the holder). */
export function orderView(o: PaymentOrder, targets: Map<string, TargetInfo>): OrderView {
  return {
    id: o.id,
    channel: o.channel,
    state: o.state,
    amountFen: o.amountFen,
    providerTxnId: o.providerTxnId,
    receiptNo: o.receiptNo,
    createdAt: o.createdAt,
    paidAt: o.paidAt,
    businessDate: o.businessDate,
    targets: o.targets.map((t) => ({
      accountId: t.accountId,
      accountNo: targets.get(t.accountId)?.account.accountNo ?? '',
      holderMasked: maskedHolder(targets.get(t.accountId)),
      amountFen: t.amountFen,
    })),
  };
}
