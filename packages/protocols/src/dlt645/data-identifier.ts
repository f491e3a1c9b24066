import { frameInvalid } from './bcd.ts';

export const DI_BYTES = 4;

/**
 * A data identifier as 8 uppercase hex digits in the order the standard writes it, DI3 DI2 DI1 DI0
 * (`00010000` = forward active energy, total). On the wire DI0 goes first.
 */
export function normaliseDi(text: string): string {
  const t = text.replace(/[\s_-]+/g, '').toUpperCase();
  if (!/^[0-9A-F]{8}$/.test(t))
    throw frameInvalid(`data identifier "${text}" must be 8 hex digits (DI3 DI2 DI1 DI0)`, 'di');
  return t;
}

/** The 4 wire bytes of a data identifier, DI0 first. */
export function encodeDi(di: string): Uint8Array {
  const t = normaliseDi(di);
  return Uint8Array.from([6, 4, 2, 0].map((p) => parseInt(t.slice(p, p + 2), 16)));
}

/** Reads a data identifier from its 4 wire bytes (DI0 first). */
export function decodeDi(bytes: Uint8Array): string {
  if (bytes.length < DI_BYTES) throw frameInvalid(`data identifier needs 4 bytes, got ${bytes.length}`, 'di');
  let out = '';
  for (let i = DI_BYTES - 1; i >= 0; i--) out += bytes[i].toString(16).toUpperCase().padStart(2, '0');
  return out;
}

/** Spaced form for people: `00 01 00 00`. */
export const formatDi = (di: string): string => normaliseDi(di).replace(/(..)(?!$)/g, '$1 ');
