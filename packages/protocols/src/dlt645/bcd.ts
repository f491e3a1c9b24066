import { AppError } from '@meterflow/core';

/** Raised for every malformed byte so callers see which field broke and why. */
export function frameInvalid(message: string, path = 'frame'): AppError {
  return new AppError('FRAME_INVALID', message, [{ path, message }]);
}

const hex2 = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');

/** One packed BCD byte (0x00..0x99) as its two digits; any nibble above 9 is FRAME_INVALID. */
export function bcdByteDigits(byte: number, where: string): string {
  if (byte >> 4 > 9 || (byte & 0x0f) > 9) {
    throw frameInvalid(`${where}: byte ${hex2(byte)} is not valid BCD`, where);
  }
  return hex2(byte);
}

/** Little-endian BCD bytes as a digit string, most significant digit first. */
export function decodeBcdDigits(bytes: Uint8Array, where: string): string {
  let out = '';
  for (let i = bytes.length - 1; i >= 0; i--) out += bcdByteDigits(bytes[i], where);
  return out;
}

/** A digit string (most significant first, exactly 2 digits per byte) as little-endian BCD bytes. */
export function encodeBcdDigits(digits: string, byteCount: number): Uint8Array {
  if (!/^\d*$/.test(digits) || digits.length > byteCount * 2) {
    throw new RangeError(`"${digits}" does not fit ${byteCount} BCD byte(s)`);
  }
  const padded = digits.padStart(byteCount * 2, '0');
  const out = new Uint8Array(byteCount);
  for (let i = 0; i < byteCount; i++) {
    const pos = (byteCount - 1 - i) * 2;
    out[i] = parseInt(padded.slice(pos, pos + 2), 16);
  }
  return out;
}

/** A signed BCD value: magnitude digits plus the sign carried in bit 7 of the most significant byte. */
export interface SignedDigits {
  negative: boolean;
  digits: string;
}

/** Decodes signed BCD (bit 7 of the last byte on the wire is the sign). Negative zero reads as zero. */
export function decodeSignedBcd(bytes: Uint8Array, where: string): SignedDigits {
  if (bytes.length === 0) throw frameInvalid(`${where}: no bytes`, where);
  const copy = Uint8Array.from(bytes);
  const msb = copy.length - 1;
  const negative = (copy[msb] & 0x80) !== 0;
  copy[msb] &= 0x7f;
  const digits = decodeBcdDigits(copy, where);
  return { negative: negative && /[1-9]/.test(digits), digits };
}

/** Encodes signed BCD; the top digit must be 0..7 because its high bit carries the sign. */
export function encodeSignedBcd(value: SignedDigits, byteCount: number): Uint8Array {
  const out = encodeBcdDigits(value.digits, byteCount);
  if (out[byteCount - 1] & 0x80)
    throw new RangeError(`"${value.digits}" is too large for signed ${byteCount}-byte BCD`);
  if (value.negative && /[1-9]/.test(value.digits)) out[byteCount - 1] |= 0x80;
  return out;
}

/** Bytes as spaced uppercase hex, the way field engineers write frames: `68 11 22 ...`. */
export function toSpacedHex(bytes: Uint8Array): string {
  return Array.from(bytes, hex2).join(' ');
}

/** Hex text (spaces, `0x` and case ignored) as bytes; odd length or non-hex characters are FRAME_INVALID. */
export function fromHex(text: string): Uint8Array {
  const clean = text.replace(/0x/gi, '').replace(/[\s,:-]+/g, '');
  if (!/^[0-9a-fA-F]*$/.test(clean)) throw frameInvalid(`hex text has a character that is not a hex digit`, 'hex');
  if (clean.length % 2 !== 0) throw frameInvalid(`hex text has an odd number of digits (${clean.length})`, 'hex');
  const out = new Uint8Array(clean.length / 2);
  for (let i = 0; i < out.length; i++) out[i] = parseInt(clean.slice(i * 2, i * 2 + 2), 16);
  return out;
}
