/** Called with the accounts a just-committed payment credited. */
export type PaymentPostedListener = (accountIds: readonly string[]) => Promise<void>;

/**
 * Tells other contexts about committed payments (prepaid cost control restores supply at once).
 * Runs after the commit and never fails the payment: a listener's error is kept for inspection,
 * and the `prepaid.sweep` job re-checks every account without supply anyway.
 */
export class PaymentPostedHook {
  private listener: PaymentPostedListener | null = null;
  /** The last listener failure, if any (the payment itself stood). */
  lastError: unknown = null;

  listen(listener: PaymentPostedListener): void {
    this.listener = listener;
  }

  async notify(accountIds: readonly string[]): Promise<void> {
    if (!this.listener || accountIds.length === 0) return;
    try {
      await this.listener(accountIds);
    } catch (e) {
      this.lastError = e;
    }
  }
}
