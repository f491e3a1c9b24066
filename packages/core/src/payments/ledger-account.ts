/**
 * The chart of ledger accounts. An account is a string code so that postings stay plain data
 * (storable, comparable, hashable); the helpers below are the only way code should build one.
 */

/** Where a payment came in before the money reaches the company's bank account. */
export type PaymentChannel = 'online' | 'counter' | 'bank';

/** Revenue is booked by kind so reports can show energy, basic charge and so on apart. */
export type RevenueKind = 'energy' | 'basic' | 'pf_adjustment' | 'funds' | 'other';

export type LedgerAccountKind =
  | 'receivable'
  | 'wallet'
  | 'prepaid_estimates'
  | 'cash_in_transit'
  | 'bank_clearing'
  | 'revenue'
  | 'late_fee_revenue'
  | 'refunds_payable'
  | 'vat_output';

/** A ledger account code, e.g. `receivable/0101234567` or `cash_in_transit/online`. */
export type LedgerAccount = string & { readonly __ledgerAccount: true };

const as = (code: string): LedgerAccount => code as LedgerAccount;

/** What a customer account owes us, with one sub-ledger item per bill or late fee (the line `ref`). */
export const receivable = (accountId: string): LedgerAccount => as(`receivable/${accountId}`);
/** Money we hold for a customer: prepaid balance and any overpayment (a liability). */
export const wallet = (accountId: string): LedgerAccount => as(`wallet/${accountId}`);
/** Daily prepaid deductions held against the coming formal bill, cleared at the month-end true-up. */
export const prepaidEstimates = (accountId: string): LedgerAccount => as(`prepaid_estimates/${accountId}`);
/** Collected by a channel but not yet settled into our bank account. */
export const cashInTransit = (channel: PaymentChannel): LedgerAccount => as(`cash_in_transit/${channel}`);
/** The company's bank account as the ledger sees it until the bank statement confirms it. */
export const bankClearing = (): LedgerAccount => as('bank_clearing');
/** Revenue of one kind, net of VAT. */
export const revenue = (kind: RevenueKind): LedgerAccount => as(`revenue/${kind}`);
/** 违约金 income; kept apart because it carries no VAT and may be waived. */
export const lateFeeRevenue = (): LedgerAccount => as('late_fee_revenue');
/** Refunds approved for a customer and not yet paid out. */
export const refundsPayable = (accountId: string): LedgerAccount => as(`refunds_payable/${accountId}`);
/** Output VAT owed to the tax office on released bills. */
export const vatOutput = (): LedgerAccount => as('vat_output');

const KIND_BY_PREFIX: Record<string, LedgerAccountKind> = {
  receivable: 'receivable',
  wallet: 'wallet',
  prepaid_estimates: 'prepaid_estimates',
  cash_in_transit: 'cash_in_transit',
  bank_clearing: 'bank_clearing',
  revenue: 'revenue',
  late_fee_revenue: 'late_fee_revenue',
  refunds_payable: 'refunds_payable',
  vat_output: 'vat_output',
};

/** The kind of an account code; throws on a code not built by the helpers above. */
export function accountKind(account: LedgerAccount): LedgerAccountKind {
  const kind = KIND_BY_PREFIX[account.split('/', 1)[0]];
  if (!kind) throw new Error(`not a ledger account code: ${account}`);
  return kind;
}

/** Assets carry debit balances; liabilities and revenue carry credit balances. */
export function isDebitNormal(account: LedgerAccount): boolean {
  const kind = accountKind(account);
  return kind === 'receivable' || kind === 'cash_in_transit' || kind === 'bank_clearing';
}
