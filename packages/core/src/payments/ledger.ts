import { AppError } from '../errors/error-codes.ts';
import type { Clock } from '../time/clock.ts';
import { fen, type Fen } from '../units/money.ts';
import { assertBalanced, draftFingerprint, type JournalDraft, type JournalEntry } from './journal-entry.ts';
import { isDebitNormal, type LedgerAccount } from './ledger-account.ts';

/** Outcome of posting: `created` is false when the same key and content were posted before. */
export interface PostResult {
  entry: JournalEntry;
  created: boolean;
}

/**
 * A pure in-memory ledger: an append-only list of balanced entries. Balances are never stored;
 * they are derived by summing the postings (an index of lines per account only saves the scan).
 * The store package persists the same entries; this class is the reference behaviour and the
 * engine for tests and simulations.
 */
export class Ledger {
  private readonly entries: JournalEntry[] = [];
  private readonly byKey = new Map<string, { entry: JournalEntry; fingerprint: string }>();
  private readonly linesByAccount = new Map<string, { amountFen: number; ref?: string }[]>();

  constructor(private readonly clock: Clock) {}

  /** Posts a draft once per idempotency key; a retry with the same content returns the first entry. */
  post(draft: JournalDraft): PostResult {
    assertBalanced(draft);
    const fingerprint = draftFingerprint(draft);
    const seen = this.byKey.get(draft.idempotencyKey);
    if (seen) {
      if (seen.fingerprint === fingerprint) return { entry: seen.entry, created: false };
      throw new AppError(
        'IDEMPOTENCY_KEY_REUSED',
        `idempotency key ${draft.idempotencyKey} was used for another entry`,
        [{ path: '/idempotencyKey', message: `first used for entry #${seen.entry.seq} (${seen.entry.kind})` }],
      );
    }
    const entry: JournalEntry = deepFreeze({
      ...draft,
      lines: draft.lines.map((l) => ({ ...l })),
      seq: this.entries.length + 1,
      postedAt: this.clock.now().toISOString(),
    });
    this.entries.push(entry);
    this.byKey.set(draft.idempotencyKey, { entry, fingerprint });
    for (const line of entry.lines) {
      let list = this.linesByAccount.get(line.account);
      if (!list) this.linesByAccount.set(line.account, (list = []));
      list.push(line.ref === undefined ? { amountFen: line.amountFen } : { amountFen: line.amountFen, ref: line.ref });
    }
    return { entry, created: true };
  }

  /** All entries in posting order (frozen). */
  journal(): readonly JournalEntry[] {
    return this.entries;
  }

  /** Signed balance, debit positive: the sum of every posting to the account. */
  balance(account: LedgerAccount): Fen {
    let sum = 0;
    for (const l of this.linesByAccount.get(account) ?? []) sum += l.amountFen;
    return fen(sum);
  }

  /** Balance on the account's normal side: what a receivable is owed, what a wallet holds. */
  normalBalance(account: LedgerAccount): Fen {
    const b = this.balance(account);
    return fen(isDebitNormal(account) ? b : 0 - b);
  }

  /** Open amount per sub-ledger item (`ref`) of an account, zero items left out. */
  openItems(account: LedgerAccount): Map<string, Fen> {
    const out = new Map<string, number>();
    for (const l of this.linesByAccount.get(account) ?? []) {
      if (l.ref === undefined) continue;
      out.set(l.ref, (out.get(l.ref) ?? 0) + l.amountFen);
    }
    for (const [ref, v] of out) if (v === 0) out.delete(ref);
    return out as Map<string, Fen>;
  }

  /** Every account's signed balance, derived in one pass over the journal. */
  trialBalance(): Map<LedgerAccount, Fen> {
    const out = new Map<LedgerAccount, number>();
    for (const e of this.entries) for (const l of e.lines) out.set(l.account, (out.get(l.account) ?? 0) + l.amountFen);
    return out as Map<LedgerAccount, Fen>;
  }
}

function deepFreeze<T>(value: T): T {
  if (value && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
