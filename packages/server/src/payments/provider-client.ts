import { AppError } from '@meterflow/core';
import type { PaymentsConfig } from './payments-config.ts';
import { SIGNATURE_HEADER, signBody, verifyBody } from './provider-signature.ts';

/** A provider call that takes longer than this fails; the order is queried again later. */
export const PROVIDER_TIMEOUT_MS = 5000;

export interface ProviderOrderStatus {
  orderId: string;
  /** `failed`: the provider gave up on the payment (declined, expired at its end); as final as `closed`. */
  status: 'created' | 'paid' | 'closed' | 'failed';
  amountFen: number;
  providerTxnId?: string;
  paidAt?: string;
}

/** The provider's signed answer to a refund request (the same refund id again returns the first answer). */
export interface ProviderRefundResult {
  refundId: string;
  orderId: string;
  amountFen: number;
  status: 'refunded' | 'failed';
  providerRefundId?: string;
  refundedAt?: string;
  /** Why the provider refused (failed only). */
  reason?: string;
}

/**
 * The provider could not be reached at all (connection refused, timed out): nothing is known about
 * the request, so callers leave their work pending and try again later.
 */
export class ProviderUnreachableError extends AppError {
  constructor(message: string) {
    super('PROVIDER_UNAVAILABLE', message);
  }
}

/** Talks to the payment provider over HTTP; every request and answer is signed with the shared secret. */
export class ProviderClient {
  constructor(private readonly config: PaymentsConfig) {}

  /** Registers an order at the provider (idempotent by order id); returns where the customer pays. */
  async createOrder(o: { orderId: string; amountFen: number; notifyUrl: string; returnUrl: string; subject: string }) {
    return this.call<{ payUrl: string }>('POST', '/orders', o);
  }

  async queryOrder(orderId: string): Promise<ProviderOrderStatus> {
    return this.call<ProviderOrderStatus>('GET', `/orders/${encodeURIComponent(orderId)}`);
  }

  /** Closes an unpaid order so it can no longer be paid; answers the order's final status. */
  async closeOrder(orderId: string): Promise<ProviderOrderStatus> {
    return this.call<ProviderOrderStatus>('POST', `/orders/${encodeURIComponent(orderId)}/close`, {});
  }

  /**
   * Refunds part or all of a paid order back to where the customer paid from. Idempotent by
   * `refundId` at the provider, so a retry after a lost answer never pays out twice.
   */
  async refund(orderId: string, r: { refundId: string; amountFen: number; reason: string }) {
    return this.call<ProviderRefundResult>('POST', `/orders/${encodeURIComponent(orderId)}/refund`, r);
  }

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const raw = body === undefined ? '' : JSON.stringify(body);
    let res: Response;
    let text: string;
    try {
      res = await fetch(this.config.providerUrl + path, {
        method,
        headers: {
          ...(body === undefined ? {} : { 'content-type': 'application/json' }),
          [SIGNATURE_HEADER]: signBody(this.config.providerSecret, raw),
        },
        body: body === undefined ? undefined : raw,
        signal: AbortSignal.timeout(PROVIDER_TIMEOUT_MS),
      });
      text = await res.text();
    } catch (e) {
      throw new ProviderUnreachableError(`payment provider unreachable: ${(e as Error).message}`);
    }
    if (!verifyBody(this.config.providerSecret, text, res.headers.get(SIGNATURE_HEADER) ?? undefined)) {
      throw new AppError('PROVIDER_UNAVAILABLE', `payment provider answer to ${method} ${path} has a bad signature`);
    }
    if (!res.ok)
      throw new AppError('PROVIDER_UNAVAILABLE', `payment provider answered ${res.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  }
}
