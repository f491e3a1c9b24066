// Interval reads per second parsed, validated and stored durably (SQLite synchronous=FULL, WAL; one
// transaction per payload): MFIB batch payloads, CSV, the MQTT path through an in-process broker,
// and PostgreSQL. A shared 2-core machine: treat the figures as rough.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt from 'mqtt';
import pg from 'pg';
import { ManualClock } from '@meterflow/core';
import { blockFrom, type IntervalBlock } from '@meterflow/core/metering/interval-block';
import { encodeIntervalBatch, formatIntervalCsv } from '@meterflow/protocols';
import { batchTopic } from '@meterflow/protocols/meter-message/index';
import { openDatabase, Store, type DatabaseHandle } from '@meterflow/store';
import { IngestService } from '../src/metering/ingest.service.ts';
import { MqttIngestAdapter } from '../src/metering/mqtt/mqtt-ingest.adapter.ts';
import { startEmbeddedBroker } from '../src/metering/mqtt/embedded-broker.ts';

const METERS = 20_000;
const DAYS = 3;
const BATCH_BLOCKS = 10_000;
const MQTT_BLOCKS_PER_MESSAGE = 500;
const PG_URL = process.env.MF_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
const clock = new ManualClock('2024-03-10T00:00:00Z');
const silent = { info() {}, warn() {}, error() {} };

function day(meter: number, date: string): IntervalBlock {
  let s = meter * 2654435761;
  const values = Array.from({ length: 96 }, (_, i) => {
    s = (s * 1103515245 + 12345) >>> 0;
    return Math.round(120 + 90 * Math.sin((i / 96) * 2 * Math.PI - 1.2) + (s % 60));
  });
  return blockFrom({ meterId: String(100000000000 + meter), channel: 1, date }, values);
}

const blocks: IntervalBlock[] = [];
for (let d = 1; d <= DAYS; d++) for (let m = 0; m < METERS; m++) blocks.push(day(m, `2024-03-0${d}`));
const reads = blocks.length * 96;
const chunks = (n: number) =>
  Array.from({ length: Math.ceil(blocks.length / n) }, (_, i) => blocks.slice(i * n, (i + 1) * n));
const batches = chunks(BATCH_BLOCKS).map((c) => encodeIntervalBatch(c));
const csvFiles = chunks(BATCH_BLOCKS).map((c) => new TextEncoder().encode(formatIntervalCsv(c)));
const messages = chunks(MQTT_BLOCKS_PER_MESSAGE).map((c) => Buffer.from(encodeIntervalBatch(c)));

const dir = mkdtempSync(join(tmpdir(), 'mf-ingest-bench-'));
let n = 0;
async function sqlite(): Promise<{ handle: DatabaseHandle; ingest: IngestService }> {
  const handle = await openDatabase({ url: `sqlite:${join(dir, `b${n++}.db`)}` });
  return { handle, ingest: new IngestService(Store.of(handle), clock, 'Asia/Shanghai') };
}

async function timed(fn: () => Promise<void>): Promise<number> {
  const t = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t) / 1e9;
}

const rows: Record<string, string | number>[] = [];
function report(kase: string, seconds: number, extra: Record<string, string | number> = {}) {
  const row = {
    name: 'ingest',
    case: kase,
    reads,
    seconds: +seconds.toFixed(3),
    reads_per_s: Math.round(reads / seconds),
    ...extra,
  };
  rows.push(row);
  console.log(JSON.stringify(row));
}

{
  const { handle, ingest } = await sqlite();
  report(
    'batch-sqlite',
    await timed(async () => {
      for (const b of batches) await ingest.ingestBatchPayload(b, 'bench');
    }),
  );
  report(
    'batch-sqlite-duplicate',
    await timed(async () => {
      for (const b of batches) await ingest.ingestBatchPayload(b, 'bench');
    }),
    { note: 'all merged, unchanged' },
  );
  await handle.close();
}
{
  const { handle, ingest } = await sqlite();
  report(
    'csv-sqlite',
    await timed(async () => {
      for (const [i, c] of csvFiles.entries()) await ingest.importCsv(c, `f${i}.csv`, null);
    }),
  );
  await handle.close();
}
{
  const { handle, ingest } = await sqlite();
  const broker = await startEmbeddedBroker('127.0.0.1', 0, () => {});
  const adapter = new MqttIngestAdapter(ingest, {
    url: broker.url!,
    prefix: 'meterflow/v1',
    clientId: 'bench-ingest',
    log: silent,
  });
  await adapter.start();
  const pub = await mqtt.connectAsync(broker.url!, { clientId: 'bench-pub' });
  const seconds = await timed(async () => {
    await Promise.all(messages.map((m) => pub.publishAsync(batchTopic(), m, { qos: 1 })));
    while (adapter.stats.stored < messages.length) await new Promise((r) => setTimeout(r, 5));
  });
  report('mqtt-aedes-sqlite', seconds, { messages: messages.length, blocksPerMessage: MQTT_BLOCKS_PER_MESSAGE });
  await pub.endAsync();
  await adapter.stop();
  await broker.close();
  await handle.close();
}
{
  const schema = `mf_bench_${process.pid}`;
  try {
    const handle = await openDatabase({ url: PG_URL, schema });
    const ingest = new IngestService(Store.of(handle), clock, 'Asia/Shanghai');
    report(
      'batch-postgres',
      await timed(async () => {
        for (const b of batches) await ingest.ingestBatchPayload(b, 'bench');
      }),
    );
    report(
      'batch-postgres-duplicate',
      await timed(async () => {
        for (const b of batches) await ingest.ingestBatchPayload(b, 'bench');
      }),
      { note: 'all merged, unchanged' },
    );
    await handle.close();
  } catch (e) {
    console.error(`PostgreSQL case skipped: ${(e as Error).message}`);
  } finally {
    const c = new pg.Client({ connectionString: PG_URL });
    await c
      .connect()
      .then(() => c.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`))
      .catch(() => {});
    await c.end().catch(() => {});
  }
}
rmSync(dir, { recursive: true, force: true });
console.log(
  `\n${METERS} meters × ${DAYS} days = ${reads.toLocaleString('en')} interval reads per case (2-core shared machine, rough)`,
);
console.table(rows.map(({ name: _n, ...r }) => r));
