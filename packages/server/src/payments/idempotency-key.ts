import { hash } from 'node:crypto';
import { AppError } from '@meterflow/core';

/** Keys are opaque to us but bounded: a UUID or a client's own reference fits. */
const KEY_PATTERN = /^[A-Za-z0-9_.:-]{8,100}$/;

/** The Idempotency-Key header of a payment-creating request; refused when absent or malformed. */
export function requireIdempotencyKey(header: string | string[] | undefined): string {
  const key = Array.isArray(header) ? header[0] : header;
  if (!key || !KEY_PATTERN.test(key)) {
    throw new AppError('VALIDATION_FAILED', 'an Idempotency-Key header (8–100 of A–Z a–z 0–9 _ . : -) is required', [
      { path: '/headers/idempotency-key', message: key ? 'malformed' : 'missing' },
    ]);
  }
  return key;
}

/** What makes two requests "the same": the operation and its body, canonically serialised. */
export function requestHash(operation: string, body: unknown): string {
  return hash('sha256', `${operation}\n${canonical(body)}`, 'hex');
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return `{${Object.keys(o)
      .sort()
      .filter((k) => o[k] !== undefined)
      .map((k) => `${JSON.stringify(k)}:${canonical(o[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}
