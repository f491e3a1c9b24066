import type { Fen } from '../units/money.ts';
import type { JournalEntry } from './journal-entry.ts';
import { cashInTransit, type PaymentChannel } from './ledger-account.ts';

/** One line of a payment provider's daily statement (对账单). */
export interface ProviderStatementLine {
  providerTxnId: string;
  amountFen: number;
  paidAt: string;
}

/** One payment as our ledger booked it. */
export interface LedgerPayment {
  paymentId: string;
  providerTxnId: string;
  amountFen: number;
}

export interface ReconciliationResult {
  matched: { providerTxnId: string; paymentId: string; amountFen: Fen }[];
  /** On the provider's statement but not in our ledger: the customer paid and we have not credited them. */
  missingOnOurSide: ProviderStatementLine[];
  /** In our ledger but not on the statement: credited without money arriving (or the provider's day differs). */
  missingAtProvider: LedgerPayment[];
  amountMismatches: {
    providerTxnId: string;
    paymentId: string;
    providerFen: number;
    ledgerFen: number;
    differenceFen: number;
  }[];
  /** A transaction id appearing more than once on one side. */
  duplicates: { side: 'provider' | 'ledger'; providerTxnId: string; count: number }[];
  providerTotalFen: Fen;
  ledgerTotalFen: Fen;
}

function group<T>(rows: readonly T[], key: (r: T) => string): Map<string, T[]> {
  const m = new Map<string, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
}

/** Matches a provider's daily statement against the ledger's payments of that day by transaction id. */
export function reconcileStatement(
  statement: readonly ProviderStatementLine[],
  ledger: readonly LedgerPayment[],
): ReconciliationResult {
  const ours = group(ledger, (p) => p.providerTxnId);
  const theirs = group(statement, (l) => l.providerTxnId);
  const r: ReconciliationResult = {
    matched: [],
    missingOnOurSide: [],
    missingAtProvider: [],
    amountMismatches: [],
    duplicates: [],
    providerTotalFen: statement.reduce((s, l) => s + l.amountFen, 0) as Fen,
    ledgerTotalFen: ledger.reduce((s, p) => s + p.amountFen, 0) as Fen,
  };
  for (const [id, list] of theirs)
    if (list.length > 1) r.duplicates.push({ side: 'provider', providerTxnId: id, count: list.length });
  for (const [id, list] of ours)
    if (list.length > 1) r.duplicates.push({ side: 'ledger', providerTxnId: id, count: list.length });
  for (const [id, lines] of theirs) {
    const line = lines[0];
    const mine = ours.get(id)?.[0];
    if (!mine) r.missingOnOurSide.push(...lines);
    else if (mine.amountFen === line.amountFen)
      r.matched.push({ providerTxnId: id, paymentId: mine.paymentId, amountFen: mine.amountFen as Fen });
    else {
      r.amountMismatches.push({
        providerTxnId: id,
        paymentId: mine.paymentId,
        providerFen: line.amountFen,
        ledgerFen: mine.amountFen,
        differenceFen: line.amountFen - mine.amountFen,
      });
    }
  }
  for (const [id, list] of ours) if (!theirs.has(id)) r.missingAtProvider.push(...list);
  return r;
}

/** The payments of one channel and business date as the ledger holds them (cash-in-transit debits of payment entries). */
export function ledgerPaymentsOfDay(
  journal: readonly JournalEntry[],
  channel: PaymentChannel,
  day: string,
): LedgerPayment[] {
  const account = cashInTransit(channel);
  const out: LedgerPayment[] = [];
  for (const e of journal) {
    if (e.kind !== 'payment_received' || e.businessDate !== day) continue;
    for (const l of e.lines) {
      if (l.account === account && l.amountFen > 0 && l.ref !== undefined) {
        out.push({
          paymentId: e.idempotencyKey.replace(/^payment:/, ''),
          providerTxnId: l.ref,
          amountFen: l.amountFen,
        });
      }
    }
  }
  return out;
}
