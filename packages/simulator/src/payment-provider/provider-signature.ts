import { createHmac, timingSafeEqual } from 'node:crypto';

/** Header with the hex HMAC-SHA256 of the raw body (the same scheme the server checks). */
export const SIGNATURE_HEADER = 'x-mf-signature';

export const sign = (secret: string, raw: string): string =>
  createHmac('sha256', secret).update(raw, 'utf8').digest('hex');

export function verify(secret: string, raw: string, signature: string | undefined): boolean {
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(sign(secret, raw), 'hex'), Buffer.from(signature, 'hex'));
}
