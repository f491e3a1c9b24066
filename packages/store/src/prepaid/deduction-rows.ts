/**
 * The ledger rows of a daily deduction (core `deductionDraft`), built straight from numbers so a
 * settlement run of a million accounts does not build a million draft objects. The
 * fingerprint is the one core's `draftFingerprint` gives that draft (a test holds them equal),
 * so the payments ledger treats a later single post of the same deduction as a retry.
 */
export const DEDUCTION_KIND = 'prepaid_deduction';

export const deductionKey = (accountId: string, day: string): string => `prepaid-deduction:${accountId}:${day}`;

export const deductionMemo = (day: string): string => `daily settlement ${day}`;

export function deductionFingerprint(accountId: string, day: string, amountFen: number): string {
  return JSON.stringify([
    DEDUCTION_KIND,
    day,
    deductionMemo(day),
    [`wallet/${accountId}||${amountFen}`, `prepaid_estimates/${accountId}||${-amountFen}`],
  ]);
}
