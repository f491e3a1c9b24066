import type { ProviderOrder } from './provider-orders.ts';
import { SIGNATURE_HEADER, sign } from './provider-signature.ts';

/** Attempts per callback before the simulator gives up (the server then finds out by querying). */
export const CALLBACK_ATTEMPTS_MAX = 8;
const CALLBACK_TIMEOUT_MS = 5000;
const BACKOFF_BASE_MS = 200;

export interface CallbackBehaviour {
  /** Send every successful callback a second time, as real providers sometimes do. */
  duplicates: boolean;
  /** Drop callbacks entirely, so only an order query reveals the payment. */
  drop: boolean;
  /** Wait this long before the first attempt (a late callback). */
  delayMs: number;
  /** When set, every new refund is refused with this reason (e.g. the customer's card was cancelled). */
  refundFailure?: string;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Posts the signed "paid" notice to the order's notify URL with retries and backoff; resolves when done. */
export async function sendCallback(order: ProviderOrder, secret: string, b: CallbackBehaviour): Promise<number> {
  if (b.drop) return 0;
  if (b.delayMs > 0) await sleep(b.delayMs);
  const raw = JSON.stringify({
    orderId: order.orderId,
    providerTxnId: order.providerTxnId,
    amountFen: order.amountFen,
    paidAt: order.paidAt,
    status: 'paid',
  });
  let delivered = 0;
  for (let attempt = 1; attempt <= CALLBACK_ATTEMPTS_MAX; attempt++) {
    try {
      const res = await fetch(order.notifyUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', [SIGNATURE_HEADER]: sign(secret, raw) },
        body: raw,
        signal: AbortSignal.timeout(CALLBACK_TIMEOUT_MS),
      });
      await res.text();
      if (res.ok) {
        delivered++;
        if (!b.duplicates || delivered >= 2) return delivered;
        continue;
      }
    } catch {
      // Unreachable or timed out: retry after the backoff like a real provider.
    }
    await sleep(BACKOFF_BASE_MS * 2 ** (attempt - 1));
  }
  return delivered;
}
