/**
 * The ledger rows of a daily deduction (core `deductionDraft`), built straight from numbers so a
 * settlement run of a million accounts does not build a million draft objects. The
 * fingerprint is the one core's `draftFingerprint` gives that draft (a test holds them equal),
 * so the payments ledger treats a later single post of the same deduction as a retry.
 *
 * A settlement run stores its deductions as batch items (`prepaid_deductions`, migration 0010):
 * one entry of kind `prepaid_deduction_batch` per committed chunk, whose lines are the items'
 * Dr wallet / Cr prepaid estimates pairs. Each item stands for the entry `deductionDraft` would
 * give; the ledger's sums and idempotency look them up through the helpers below.
 */
export const DEDUCTION_KIND = 'prepaid_deduction';
export const DEDUCTION_BATCH_KIND = 'prepaid_deduction_batch';

const KEY_PREFIX = 'prepaid-deduction:';

export const deductionKey = (accountId: string, day: string): string => `${KEY_PREFIX}${accountId}:${day}`;

export const deductionMemo = (day: string): string => `daily settlement ${day}`;

export function deductionFingerprint(accountId: string, day: string, amountFen: number): string {
  return JSON.stringify([
    DEDUCTION_KIND,
    day,
    deductionMemo(day),
    [`wallet/${accountId}||${amountFen}`, `prepaid_estimates/${accountId}||${-amountFen}`],
  ]);
}

/** The account and day of a deduction's idempotency key, or undefined for any other key. */
export function parseDeductionKey(key: string): { accountId: string; day: string } | undefined {
  const m = /^prepaid-deduction:(.+):(\d{4}-\d{2}-\d{2})$/.exec(key);
  return m ? { accountId: m[1], day: m[2] } : undefined;
}

/** Idempotency key of one committed chunk of a run (the instant tells reruns of a day apart). */
export const deductionBatchKey = (day: string, postedAt: string, chunk: number): string =>
  `prepaid-deduction-batch:${day}:${postedAt}:${chunk}`;

export const deductionBatchMemo = (day: string, items: number): string => `daily settlement ${day} (${items} accounts)`;

export function deductionBatchFingerprint(day: string, items: number, totalFen: number): string {
  return JSON.stringify([DEDUCTION_BATCH_KIND, day, deductionBatchMemo(day, items), items, totalFen]);
}

/**
 * The item amount of a deduction for an account and day: `$1` account id, `$2` day. Both
 * dialects; the key `(account_row, day)` answers it in one seek.
 */
export const DEDUCTION_ITEM_SQL = `SELECT d.batch_seq AS seq, d.amount_fen AS amount_fen
  FROM prepaid_deductions d JOIN prepaid_accounts p ON p.row_no = d.account_row
 WHERE p.account_id = $1 AND d.day = $2 AND d.amount_fen > 0`;

/**
 * What the batch items add to one ledger account `$1`: +Σ on `wallet/A`, −Σ on
 * `prepaid_estimates/A`, 0 on any other account. A scalar subquery for the ledger's balance sum.
 */
export const DEDUCTION_ACCOUNT_SUM_SQL = `(SELECT COALESCE(SUM(d.amount_fen), 0) * (CASE
      WHEN substr(a.name, 1, 7) = 'wallet/' THEN 1 WHEN substr(a.name, 1, 18) = 'prepaid_estimates/' THEN -1 ELSE 0 END)
    FROM prepaid_deductions d JOIN prepaid_accounts p ON p.row_no = d.account_row
   WHERE p.account_id = CASE WHEN substr(a.name, 1, 7) = 'wallet/' THEN substr(a.name, 8)
                             WHEN substr(a.name, 1, 18) = 'prepaid_estimates/' THEN substr(a.name, 19) END)`;
