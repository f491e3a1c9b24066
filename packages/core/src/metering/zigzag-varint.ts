/**
 * Zigzag + LEB128 varints for signed integers up to ±2^33, written with arithmetic rather than
 * 32-bit bit operations because a delta between two Int32 values needs 33 bits.
 */
export const VARINT_MAX_BYTES = 5;

/** Maps a signed integer onto an unsigned one so small magnitudes stay short. */
export function zigzag(n: number): number {
  return n >= 0 ? n * 2 : -n * 2 - 1;
}

export function unzigzag(z: number): number {
  return z % 2 === 0 ? z / 2 : -(z + 1) / 2;
}

/** Writes unsigned `z` at `pos` and returns the position after it. */
export function writeVarint(out: Uint8Array, pos: number, z: number): number {
  while (z >= 0x80) {
    out[pos++] = (z % 0x80) | 0x80;
    z = Math.floor(z / 0x80);
  }
  out[pos++] = z;
  return pos;
}
