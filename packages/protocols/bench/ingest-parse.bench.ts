// Reads per second for parsing interval CSV and decoding the MFIB batch payload (no storage).
// The machine has 2 cores shared with other work: treat the figures as rough.
import { blockFrom, type IntervalBlock } from '@meterflow/core/metering/interval-block';
import { formatIntervalCsv } from '../src/interval/interval-csv-writer.ts';
import { parseIntervalCsv } from '../src/interval/interval-csv-parser.ts';
import { encodeIntervalBatch } from '../src/interval/interval-batch-encoder.ts';
import { decodeIntervalBatch } from '../src/interval/interval-batch-decoder.ts';

const METERS = 20_000;
const BATCH_BLOCKS = 5_000;
const ROUNDS = 5;

/** A deterministic household-like day (no Math.random, so runs compare). */
function day(meter: number): IntervalBlock {
  let s = meter * 2654435761;
  const values = Array.from({ length: 96 }, (_, i) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return Math.round(120 + 90 * Math.sin((i / 96) * 2 * Math.PI - 1.2) + (s % 60));
  });
  return blockFrom({ meterId: String(100000000000 + meter), channel: 1, date: '2024-03-01' }, values);
}

function best(fn: () => void): number {
  let min = Infinity;
  for (let r = 0; r < ROUNDS; r++) {
    const t = process.hrtime.bigint();
    fn();
    min = Math.min(min, Number(process.hrtime.bigint() - t) / 1e9);
  }
  return min;
}

const blocks = Array.from({ length: METERS }, (_, i) => day(i));
const reads = METERS * 96;
const csv = new TextEncoder().encode(formatIntervalCsv(blocks));
const batches: Uint8Array[] = [];
for (let i = 0; i < METERS; i += BATCH_BLOCKS) batches.push(encodeIntervalBatch(blocks.slice(i, i + BATCH_BLOCKS)));
const batchBytes = batches.reduce((a, b) => a + b.length, 0);

let sink = 0;
const csvSec = best(() => (sink += parseIntervalCsv(csv).blocks.length));
const batchSec = best(() => {
  for (const b of batches) sink += decodeIntervalBatch(b).length;
});
const encSec = best(() => {
  for (let i = 0; i < METERS; i += BATCH_BLOCKS) sink += encodeIntervalBatch(blocks.slice(i, i + BATCH_BLOCKS)).length;
});
if (sink === 0) throw new Error('nothing parsed');

const rows = [
  {
    name: 'ingest-parse',
    case: 'csv-parse',
    reads,
    bytes: csv.length,
    seconds: csvSec,
    readsPerSec: Math.round(reads / csvSec),
    bytesPerRead: +(csv.length / reads).toFixed(2),
  },
  {
    name: 'ingest-parse',
    case: 'batch-decode',
    reads,
    bytes: batchBytes,
    seconds: batchSec,
    readsPerSec: Math.round(reads / batchSec),
    bytesPerRead: +(batchBytes / reads).toFixed(2),
  },
  {
    name: 'ingest-parse',
    case: 'batch-encode',
    reads,
    bytes: batchBytes,
    seconds: encSec,
    readsPerSec: Math.round(reads / encSec),
    bytesPerRead: +(batchBytes / reads).toFixed(2),
  },
];
for (const r of rows) console.log(JSON.stringify(r));
console.log('\ncase           reads      MB     best s   reads/s       bytes/read');
for (const r of rows) {
  console.log(
    `${r.case.padEnd(14)} ${String(r.reads).padEnd(10)} ${(r.bytes / 1e6).toFixed(1).padEnd(6)} ${r.seconds.toFixed(3).padEnd(8)} ${(r.readsPerSec / 1e6).toFixed(1).padStart(6)} M   ${r.bytesPerRead}`,
  );
}
console.log(`(best of ${ROUNDS}; 2 shared cores, figures are noisy)`);
