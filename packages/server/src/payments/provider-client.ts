import { AppError } from '@meterflow/core';
import type { PaymentsConfig } from './payments-config.ts';
import { SIGNATURE_HEADER, signBody, verifyBody } from './provider-signature.ts';

/** A provider call that takes longer than this fails; the order is queried again later. */
export const PROVIDER_TIMEOUT_MS = 5000;

export interface ProviderOrderStatus {
  orderId: string;
  status: 'created' | 'paid' | 'closed';
  amountFen: number;
  providerTxnId?: string;
  paidAt?: string;
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

  private async call<T>(method: string, path: string, body?: unknown): Promise<T> {
    const raw = body === undefined ? '' : JSON.stringify(body);
    let res: Response;
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
    } catch (e) {
      throw new AppError('PROVIDER_UNAVAILABLE', `payment provider unreachable: ${(e as Error).message}`);
    }
    const text = await res.text();
    if (!verifyBody(this.config.providerSecret, text, res.headers.get(SIGNATURE_HEADER) ?? undefined)) {
      throw new AppError('PROVIDER_UNAVAILABLE', `payment provider answer to ${method} ${path} has a bad signature`);
    }
    if (!res.ok)
      throw new AppError('PROVIDER_UNAVAILABLE', `payment provider answered ${res.status}: ${text.slice(0, 200)}`);
    return JSON.parse(text) as T;
  }
}
