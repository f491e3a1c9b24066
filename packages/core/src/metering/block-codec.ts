import { AppError } from '../errors/error-codes.ts';
import type { IntervalBlock, IntervalUnit } from './interval-block.ts';
import { QUALITY_MAX_CODE } from './quality-flag.ts';
import { SLOTS_PER_BLOCK_MAX } from './slot-count.ts';
import { VARINT_MAX_BYTES, writeVarint, zigzag } from './zigzag-varint.ts';

/**
 * The stored form of a block's contents (its key and version live in the row beside it):
 *
 * | offset | size | field |
 * |---|---|---|
 * | 0 | 1 | codec version = 1 |
 * | 1 | 1 | unit: 1 = Wh, 2 = varh |
 * | 2 | 1 | slot minutes (1–60) |
 * | 3 | 2 | slot count, u16 little-endian (1–1500) |
 * | 5 | 1 | flags: bit 0 = one quality byte for every slot |
 * | 6 | … | values: zigzag varint of each value minus the previous one (the first minus 0) |
 * | … | 1 or n | quality codes |
 *
 * A typical household day encodes in about 100–200 bytes instead of 480 raw.
 */
export const BLOCK_CODEC_VERSION = 1;
export const BLOCK_HEADER_BYTES = 6;
export const BLOCK_BODY_BYTES_MAX = BLOCK_HEADER_BYTES + SLOTS_PER_BLOCK_MAX * (VARINT_MAX_BYTES + 1);
const FLAG_UNIFORM_QUALITY = 1;

const UNIT_CODES: Record<IntervalUnit, number> = { Wh: 1, varh: 2 };
const UNITS_BY_CODE: readonly (IntervalUnit | undefined)[] = [undefined, 'Wh', 'varh'];

/** The decoded contents of a block body. */
export interface BlockBody {
  unit: IntervalUnit;
  slotMinutes: number;
  values: Int32Array;
  quality: Uint8Array;
}

/** Writes the body of `block` into `out` at `pos` (which must have BLOCK_BODY_BYTES_MAX room); returns the end. */
export function writeBlockBody(block: BlockBody, out: Uint8Array, pos: number): number {
  const n = block.values.length;
  if (n < 1 || n > SLOTS_PER_BLOCK_MAX) throw new RangeError(`slot count ${n} out of range`);
  const q = block.quality;
  let uniform = true;
  for (let i = 1; i < n; i++) if (q[i] !== q[0]) uniform = false;
  out[pos] = BLOCK_CODEC_VERSION;
  out[pos + 1] = UNIT_CODES[block.unit];
  out[pos + 2] = block.slotMinutes;
  out[pos + 3] = n & 0xff;
  out[pos + 4] = n >>> 8;
  out[pos + 5] = uniform ? FLAG_UNIFORM_QUALITY : 0;
  let p = pos + BLOCK_HEADER_BYTES;
  let prev = 0;
  const v = block.values;
  for (let i = 0; i < n; i++) {
    p = writeVarint(out, p, zigzag(v[i] - prev));
    prev = v[i];
  }
  if (uniform) out[p++] = q[0];
  else {
    out.set(q, p);
    p += n;
  }
  return p;
}

/** Encodes a block's contents to a fresh, exactly sized Uint8Array. */
export function encodeBlockBody(block: BlockBody | IntervalBlock): Uint8Array {
  const scratch = new Uint8Array(BLOCK_HEADER_BYTES + block.values.length * (VARINT_MAX_BYTES + 1));
  const end = writeBlockBody(block, scratch, 0);
  return scratch.slice(0, end);
}

function corrupt(at: number, message: string): AppError {
  return new AppError('PAYLOAD_CORRUPT', `block body corrupt at byte ${at}: ${message}`, [
    { path: `byte ${at}`, message },
  ]);
}

/** Decodes the body in `bytes[start, end)`; throws PAYLOAD_CORRUPT unless it is exactly one valid body. */
export function decodeBlockBody(bytes: Uint8Array, start = 0, end = bytes.length): BlockBody {
  if (end - start < BLOCK_HEADER_BYTES + 2) throw corrupt(start, 'shorter than the smallest block');
  if (bytes[start] !== BLOCK_CODEC_VERSION) throw corrupt(start, `unknown codec version ${bytes[start]}`);
  const unit = UNITS_BY_CODE[bytes[start + 1]];
  if (!unit) throw corrupt(start + 1, `unknown unit code ${bytes[start + 1]}`);
  const slotMinutes = bytes[start + 2];
  if (slotMinutes < 1 || slotMinutes > 60) throw corrupt(start + 2, `slot minutes ${slotMinutes} out of range`);
  const n = bytes[start + 3] | (bytes[start + 4] << 8);
  if (n < 1 || n > SLOTS_PER_BLOCK_MAX) throw corrupt(start + 3, `slot count ${n} out of range`);
  const uniform = (bytes[start + 5] & FLAG_UNIFORM_QUALITY) !== 0;
  const values = new Int32Array(n);
  const p = decodeValues(bytes, start + BLOCK_HEADER_BYTES, end, values);
  const quality = new Uint8Array(n);
  const qBytes = uniform ? 1 : n;
  if (p + qBytes !== end) throw corrupt(p, `expected ${qBytes} quality byte(s) and then the end, found ${end - p}`);
  if (uniform) quality.fill(bytes[p]);
  else quality.set(bytes.subarray(p, end));
  for (let i = 0; i < qBytes; i++) {
    if (bytes[p + i] > QUALITY_MAX_CODE) throw corrupt(p + i, `unknown quality code ${bytes[p + i]}`);
  }
  return { unit, slotMinutes, values, quality };
}

/** Inner varint loop, kept flat and monomorphic because it runs for every value ingested. */
function decodeValues(bytes: Uint8Array, p: number, end: number, out: Int32Array): number {
  let prev = 0;
  for (let i = 0; i < out.length; i++) {
    if (p >= end) throw corrupt(p, `truncated in value ${i}`);
    let b = bytes[p++];
    let z = b;
    if (b & 0x80) {
      z = b & 0x7f;
      let scale = 0x80;
      let used = 1;
      do {
        if (p >= end) throw corrupt(p, `truncated in value ${i}`);
        if (++used > VARINT_MAX_BYTES) throw corrupt(p, `varint of value ${i} too long`);
        b = bytes[p++];
        z += (b & 0x7f) * scale;
        scale *= 0x80;
      } while (b & 0x80);
    }
    // Bit operations are exact below 2^31 and much faster; larger zigzag codes take the arithmetic path.
    const v = prev + (z <= 0x7fffffff ? (z >>> 1) ^ -(z & 1) : z % 2 === 0 ? z / 2 : -(z + 1) / 2);
    if (v > 0x7fffffff || v < -0x80000000) throw corrupt(p - 1, `value ${i} outside Int32`);
    out[i] = v;
    prev = v;
  }
  return p;
}
