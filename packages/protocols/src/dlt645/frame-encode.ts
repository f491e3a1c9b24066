import { encodeAddress } from './address.ts';
import { controlCodeByte } from './control-code.ts';
import type { Dlt645Frame } from './frame.ts';
import {
  DATA_OFFSET,
  FRAME_END,
  FRAME_START,
  HEADER_BYTES,
  MAX_DATA_BYTES,
  MAX_PREAMBLE_BYTES,
  WAKE_UP,
  checksum,
} from './frame.ts';

export interface EncodeFrameOptions {
  /** FE wake-up bytes before the frame (0..4). */
  preamble?: number;
}

/** Builds the bytes of a frame: `[FE..] 68 A0..A5 68 C L DATA+33H CS 16`. */
export function encodeFrame(frame: Dlt645Frame, options: EncodeFrameOptions = {}): Uint8Array {
  const preamble = options.preamble ?? 0;
  if (!Number.isInteger(preamble) || preamble < 0 || preamble > MAX_PREAMBLE_BYTES) {
    throw new RangeError(`preamble must be 0..${MAX_PREAMBLE_BYTES} bytes, got ${preamble}`);
  }
  if (frame.data.length > MAX_DATA_BYTES) {
    throw new RangeError(`data is ${frame.data.length} bytes; at most ${MAX_DATA_BYTES} fit in one frame`);
  }
  const out = new Uint8Array(preamble + HEADER_BYTES + frame.data.length + 2);
  out.fill(WAKE_UP, 0, preamble);
  let p = preamble;
  out[p++] = FRAME_START;
  out.set(encodeAddress(frame.address), p);
  p += 6;
  out[p++] = FRAME_START;
  out[p++] = controlCodeByte(frame.control);
  out[p++] = frame.data.length;
  for (const b of frame.data) out[p++] = (b + DATA_OFFSET) & 0xff;
  out[p] = checksum(out, preamble, p);
  out[p + 1] = FRAME_END;
  return out;
}
