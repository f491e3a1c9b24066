import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import { BLOCK_BODY_BYTES_MAX, writeBlockBody } from '@meterflow/core/metering/block-codec';
import { crc32 } from './crc32.ts';
import {
  BATCH_BLOCKS_MAX,
  BATCH_BYTES_MAX,
  BATCH_DAY_MAX,
  BATCH_FORMAT_VERSION,
  BATCH_HEADER_BYTES,
  BATCH_MAGIC,
  BATCH_METER_ID_MAX_BYTES,
} from './interval-batch-format.ts';

const MS_PER_DAY = 86_400_000;

/** Days since 1970-01-01 of a `YYYY-MM-DD` date. */
export function dayNumber(date: string): number {
  return Math.round(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY);
}

/** Encodes meter-day blocks as one batch payload (layout in interval-batch-format.ts). */
export function encodeIntervalBatch(blocks: readonly IntervalBlock[]): Uint8Array {
  if (blocks.length > BATCH_BLOCKS_MAX) throw new RangeError(`at most ${BATCH_BLOCKS_MAX} blocks per batch`);
  let bound = BATCH_HEADER_BYTES;
  for (const b of blocks) bound += 1 + b.meterId.length + 5 + Math.min(BLOCK_BODY_BYTES_MAX, 6 + b.values.length * 6);
  const out = new Uint8Array(bound);
  out.set(BATCH_MAGIC, 0);
  out[4] = BATCH_FORMAT_VERSION;
  new DataView(out.buffer).setUint32(8, blocks.length, true);
  let p = BATCH_HEADER_BYTES;
  for (const b of blocks) p = writeBlock(b, out, p);
  if (p > BATCH_BYTES_MAX) throw new RangeError(`batch of ${p} bytes exceeds ${BATCH_BYTES_MAX}`);
  new DataView(out.buffer).setUint32(12, crc32(out, BATCH_HEADER_BYTES, p), true);
  return out.slice(0, p);
}

function writeBlock(b: IntervalBlock, out: Uint8Array, p: number): number {
  const id = b.meterId;
  if (id.length < 1 || id.length > BATCH_METER_ID_MAX_BYTES || !/^[\x21-\x7e]+$/.test(id)) {
    throw new RangeError(`meter id "${id}" must be 1–${BATCH_METER_ID_MAX_BYTES} printable ASCII characters`);
  }
  if (!Number.isInteger(b.channel) || b.channel < 0 || b.channel > 255)
    throw new RangeError(`channel ${b.channel} must fit a byte`);
  const day = dayNumber(b.date);
  if (!(day >= 0 && day <= BATCH_DAY_MAX)) throw new RangeError(`date ${b.date} outside 1970–2149`);
  out[p++] = id.length;
  for (let i = 0; i < id.length; i++) out[p++] = id.charCodeAt(i);
  out[p++] = b.channel;
  out[p++] = day & 0xff;
  out[p++] = day >>> 8;
  const bodyStart = p + 2;
  const end = writeBlockBody(b, out, bodyStart);
  const len = end - bodyStart;
  out[p] = len & 0xff;
  out[p + 1] = len >>> 8;
  return end;
}
