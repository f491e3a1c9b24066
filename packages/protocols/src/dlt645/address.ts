import { bcdByteDigits, frameInvalid } from './bcd.ts';

export const ADDRESS_BYTES = 6;
/** All nines: every meter on the line obeys, none answers (used for time sync). */
export const BROADCAST_ADDRESS = '999999999999';
/** All AA: any meter answers; used to read the address of the only meter on a line. */
export const WILDCARD_ADDRESS = 'AAAAAAAAAAAA';
const WILDCARD_BYTE = 0xaa;

/**
 * A meter address as 12 characters, most significant first: BCD digits, with AA bytes as wildcard
 * padding. Short addresses (1..11 digits) are padded on the left with AA, as masters do to reach a
 * meter whose full address is not known.
 */
export function normaliseAddress(text: string): string {
  const t = text.replace(/\s+/g, '').toUpperCase();
  if (!/^(?:AA)*\d*$/.test(t) || t.length === 0 || t.length > 12) {
    throw frameInvalid(`address "${text}" must be up to 12 digits, optionally padded with AA`, 'address');
  }
  if (/^\d+$/.test(t) && t.length % 2 === 1) return normaliseAddress('0' + t);
  return t.padStart(12, 'A');
}

/** The 6 address bytes, low byte first. */
export function encodeAddress(address: string): Uint8Array {
  const a = normaliseAddress(address);
  const out = new Uint8Array(ADDRESS_BYTES);
  for (let i = 0; i < ADDRESS_BYTES; i++) {
    const pos = (ADDRESS_BYTES - 1 - i) * 2;
    out[i] = parseInt(a.slice(pos, pos + 2), 16);
  }
  return out;
}

/** Reads 6 address bytes (low byte first); each must be BCD or the AA wildcard. */
export function decodeAddress(bytes: Uint8Array): string {
  if (bytes.length !== ADDRESS_BYTES) throw frameInvalid(`address needs 6 bytes, got ${bytes.length}`, 'address');
  let out = '';
  for (let i = ADDRESS_BYTES - 1; i >= 0; i--) {
    out += bytes[i] === WILDCARD_BYTE ? 'AA' : bcdByteDigits(bytes[i], 'address');
  }
  return out;
}

export const isBroadcast = (address: string): boolean => normaliseAddress(address) === BROADCAST_ADDRESS;

/** Whether a request sent to `target` (which may hold AA wildcard bytes) reaches meter `meter`. */
export function addressMatches(target: string, meter: string): boolean {
  const t = normaliseAddress(target);
  const m = normaliseAddress(meter);
  if (t === BROADCAST_ADDRESS) return true;
  for (let i = 0; i < 12; i += 2) {
    const tb = t.slice(i, i + 2);
    if (tb !== 'AA' && tb !== m.slice(i, i + 2)) return false;
  }
  return true;
}
