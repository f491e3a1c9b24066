import { decodeAddress } from './address.ts';
import { frameInvalid, toSpacedHex } from './bcd.ts';
import { parseControlCode } from './control-code.ts';
import type { Dlt645Frame } from './frame.ts';
import {
  DATA_OFFSET,
  FRAME_END,
  FRAME_OVERHEAD_BYTES,
  HEADER_BYTES,
  FRAME_START,
  MAX_DATA_BYTES,
  MAX_PREAMBLE_BYTES,
  WAKE_UP,
  checksum,
} from './frame.ts';

const hex = (b: number): string => b.toString(16).toUpperCase().padStart(2, '0');

/**
 * Decodes exactly one frame (FE wake-up bytes allowed in front). Any deviation — length, start or
 * end byte, checksum, control code, address digits — is FRAME_INVALID with a message saying which.
 */
export function decodeFrame(bytes: Uint8Array): Dlt645Frame {
  let s = 0;
  while (s < bytes.length && bytes[s] === WAKE_UP) s++;
  if (s > MAX_PREAMBLE_BYTES)
    throw frameInvalid(`${s} FE wake-up bytes; at most ${MAX_PREAMBLE_BYTES} are allowed`, 'preamble');
  const body = bytes.subarray(s);
  if (body.length < HEADER_BYTES) {
    throw frameInvalid(
      `frame is truncated: ${body.length} bytes, a frame has at least ${FRAME_OVERHEAD_BYTES}`,
      'length',
    );
  }
  if (body[0] !== FRAME_START) throw frameInvalid(`frame must start with 68, found ${hex(body[0])}`, 'start');
  if (body[7] !== FRAME_START) throw frameInvalid(`second start byte must be 68, found ${hex(body[7])}`, 'start');
  const length = body[9];
  if (length > MAX_DATA_BYTES)
    throw frameInvalid(`data length ${length} exceeds the limit of ${MAX_DATA_BYTES}`, 'length');
  const expected = FRAME_OVERHEAD_BYTES + length;
  if (body.length < expected) {
    throw frameInvalid(`frame is truncated: L=${length} needs ${expected} bytes, got ${body.length}`, 'length');
  }
  if (body.length > expected) {
    throw frameInvalid(
      `${body.length - expected} byte(s) after the end of the frame: ${toSpacedHex(body.subarray(expected))}`,
      'length',
    );
  }
  const cs = checksum(body, 0, 10 + length);
  if (body[10 + length] !== cs) {
    throw frameInvalid(`checksum is ${hex(body[10 + length])}, computed ${hex(cs)}`, 'checksum');
  }
  if (body[11 + length] !== FRAME_END)
    throw frameInvalid(`frame must end with 16, found ${hex(body[11 + length])}`, 'end');
  const data = new Uint8Array(length);
  for (let i = 0; i < length; i++) data[i] = (body[10 + i] - DATA_OFFSET) & 0xff;
  return { address: decodeAddress(body.subarray(1, 7)), control: parseControlCode(body[8]), data };
}
