import type { ControlCode } from './control-code.ts';

export const FRAME_START = 0x68;
export const FRAME_END = 0x16;
/** Wake-up bytes a master (and many meters) send before a frame; not part of the checksum. */
export const WAKE_UP = 0xfe;
/** Every data byte travels with 33H added, so a frame of zeros never looks like an idle line. */
export const DATA_OFFSET = 0x33;
/** The standard's ceiling on L for a read reply; longer data must use follow-up frames. */
export const MAX_DATA_BYTES = 200;
export const MAX_PREAMBLE_BYTES = 4;
/** 68, six address bytes, 68, control, length. */
export const HEADER_BYTES = 10;
/** Header plus checksum and end byte. */
export const FRAME_OVERHEAD_BYTES = 12;
export const MAX_FRAME_BYTES = MAX_PREAMBLE_BYTES + FRAME_OVERHEAD_BYTES + MAX_DATA_BYTES;

/** One link-layer frame with the data field already freed of its +33H. */
export interface Dlt645Frame {
  address: string;
  control: ControlCode;
  data: Uint8Array;
}

/** Sum modulo 256 of bytes[from..to). */
export function checksum(bytes: Uint8Array, from: number, to: number): number {
  let s = 0;
  for (let i = from; i < to; i++) s = (s + bytes[i]) & 0xff;
  return s;
}
