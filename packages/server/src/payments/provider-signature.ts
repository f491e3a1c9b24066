import { createHmac, timingSafeEqual } from 'node:crypto';

/** The header carrying the hex HMAC-SHA256 of the raw body, both ways between us and the provider. */
export const SIGNATURE_HEADER = 'x-mf-signature';

/** HMAC-SHA256 of the exact bytes sent, hex. */
export function signBody(secret: string, rawBody: string): string {
  return createHmac('sha256', secret).update(rawBody, 'utf8').digest('hex');
}

/** Constant-time check of a signature over the raw body. */
export function verifyBody(secret: string, rawBody: string, signature: string | undefined): boolean {
  if (!signature || !/^[0-9a-f]{64}$/.test(signature)) return false;
  return timingSafeEqual(Buffer.from(signBody(secret, rawBody), 'hex'), Buffer.from(signature, 'hex'));
}
