import { AppError } from '@meterflow/core/errors/error-codes';
import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import { decodeBlockBody } from '@meterflow/core/metering/block-codec';
import { crc32 } from './crc32.ts';
import {
  BATCH_BLOCKS_MAX,
  BATCH_BYTES_MAX,
  BATCH_FORMAT_VERSION,
  BATCH_HEADER_BYTES,
  BATCH_MAGIC,
  BATCH_METER_ID_MAX_BYTES,
} from './interval-batch-format.ts';

function corrupt(at: number, message: string): AppError {
  return new AppError('PAYLOAD_CORRUPT', `interval batch corrupt at byte ${at}: ${message}`, [
    { path: `byte ${at}`, message },
  ]);
}

const dateCache = new Map<number, string>();
function dateOf(day: number): string {
  let s = dateCache.get(day);
  if (s === undefined) {
    s = new Date(day * 86_400_000).toISOString().slice(0, 10);
    dateCache.set(day, s);
  }
  return s;
}

/** Decodes a batch payload into version-1 blocks; any damage rejects the whole payload with PAYLOAD_CORRUPT. */
export function decodeIntervalBatch(bytes: Uint8Array): IntervalBlock[] {
  if (bytes.length > BATCH_BYTES_MAX) throw corrupt(0, `payload larger than ${BATCH_BYTES_MAX} bytes`);
  if (bytes.length < BATCH_HEADER_BYTES) throw corrupt(0, 'shorter than the header');
  for (let i = 0; i < 4; i++) if (bytes[i] !== BATCH_MAGIC[i]) throw corrupt(i, 'not an MFIB payload (bad magic)');
  if (bytes[4] !== BATCH_FORMAT_VERSION) throw corrupt(4, `unknown format version ${bytes[4]}`);
  if (bytes[5] | bytes[6] | bytes[7]) throw corrupt(5, 'reserved bytes are not zero');
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const count = view.getUint32(8, true);
  if (count > BATCH_BLOCKS_MAX) throw corrupt(8, `${count} blocks exceeds the limit of ${BATCH_BLOCKS_MAX}`);
  if (crc32(bytes, BATCH_HEADER_BYTES) !== view.getUint32(12, true))
    throw corrupt(12, 'CRC-32 does not match the contents');
  const blocks = new Array<IntervalBlock>(count);
  let p = BATCH_HEADER_BYTES;
  for (let k = 0; k < count; k++) {
    const start = p;
    const idLen = bytes[p++];
    if (idLen < 1 || idLen > BATCH_METER_ID_MAX_BYTES) throw corrupt(start, `block ${k}: meter id length ${idLen}`);
    if (p + idLen + 5 > bytes.length) throw corrupt(start, `block ${k}: truncated header`);
    let meterId = '';
    for (let i = 0; i < idLen; i++) meterId += String.fromCharCode(bytes[p + i]);
    p += idLen;
    const channel = bytes[p];
    const date = dateOf(bytes[p + 1] | (bytes[p + 2] << 8));
    const len = bytes[p + 3] | (bytes[p + 4] << 8);
    p += 5;
    if (p + len > bytes.length) throw corrupt(p, `block ${k}: body of ${len} bytes runs past the end`);
    const body = decodeBlockBody(bytes, p, p + len);
    p += len;
    blocks[k] = {
      meterId,
      channel,
      date,
      unit: body.unit,
      slotMinutes: body.slotMinutes,
      version: 1,
      values: body.values,
      quality: body.quality,
    };
  }
  if (p !== bytes.length) throw corrupt(p, `${bytes.length - p} bytes after the last block`);
  return blocks;
}
