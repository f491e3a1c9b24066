// The bill run's writer alone: 1,000,000 bills computed chunk by chunk (not timed), each chunk then
// committed through the run repository as a bill run's main thread does (bills, audit reasons, the
// run's cursor), on SQLite with the bulk-run settings, and made durable. By default the chunk waits
// in a stage and the writer copies it (MF_BENCH_STAGED=0: the writer binds every row itself).
// Shows what the single writer costs per bill, apart from the computing threads.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { ManualClock } from '@meterflow/core';
import { AUDIT_THRESHOLDS_DEFAULT } from '@meterflow/core/billing/index';
import { BillStageWriter, openDatabase, Store } from '@meterflow/store';
import { InlineBillComputer, type ComputedBatch } from '../src/billing/bill-computer.ts';
import { storedTariffDocuments } from '../src/billing/tariff-catalogue.ts';
import { BENCH_CYCLE, loadBenchDeterminants } from './bench-determinants.ts';

const ACCOUNTS = Number(process.env.MF_BENCH_ACCOUNTS ?? 1_000_000);
const CHUNK = 5_000;

const dir = mkdtempSync(join(tmpdir(), 'mf-bill-write-'));
try {
  const handle = await openDatabase({ url: `sqlite:${join(dir, 'bench.db')}` });
  const store = Store.of(handle);
  const at = '2026-10-05T02:00:00.000Z';
  const clock = new ManualClock(at);
  const books = await loadBenchDeterminants(store, ACCOUNTS, at);
  const computer = new InlineBillComputer(
    await storedTariffDocuments(store),
    AUDIT_THRESHOLDS_DEFAULT,
    store.billing.determinants,
  );
  const runs = store.billing.runs;
  // Both ways the writer can take a chunk: binding its rows, or copying them from a stage a
  // computing thread filled (here filled in this thread, untimed).
  const staged = process.env.MF_BENCH_STAGED !== '0';
  const stages = staged ? runs.openStages(1) : undefined;
  const stageWriter = new BillStageWriter();
  const load = loadavg()[0];
  const bulk = runs.relaxForBulkRun();
  let done = 0;
  let seconds = 0;
  let cpuMicros = 0;
  // Each chunk is computed (not timed) and then committed (timed), so only one chunk's bills are
  // in memory at a time, as in a run.
  for (const book of books) {
    const lease = { readingBookId: book, cycle: BENCH_CYCLE, holder: 'bench' };
    await runs.acquire(lease, { now: at, expiresAt: '2026-10-05T03:00:00.000Z', accountsTotal: 0, startedBy: 'bench' });
    const ends = await store.billing.determinants.chunkEnds(book, BENCH_CYCLE, '', CHUNK);
    let after = '';
    for (const upTo of ends) {
      const range = { readingBookId: book, cycle: BENCH_CYCLE, after, upTo };
      const batch: ComputedBatch = await computer.compute({ range, lastCycle: '2026-09', yearCycle: '2025-10' });
      after = upTo;
      done += batch.det.n;
      if (stages) stageWriter.write(stages.stages[0].path, batch.det, batch.bills);
      const cpu0 = process.cpuUsage();
      const t0 = performance.now();
      await runs.commitBatch(lease, batch.det, batch.bills, {
        cursor: batch.det.accountIds[batch.det.n - 1],
        accountsDone: done,
        leaseExpiresAt: '2026-10-05T03:00:00.000Z',
        calculatedAt: clock.now().toISOString(),
        stagedIn: stages?.stages[0].alias,
      });
      seconds += (performance.now() - t0) / 1000;
      const cpu = process.cpuUsage(cpu0);
      cpuMicros += cpu.user + cpu.system;
    }
  }
  const t1 = performance.now();
  bulk.durable();
  seconds += (performance.now() - t1) / 1000;
  const c0 = performance.now();
  bulk.restore();
  const checkpoint = (performance.now() - c0) / 1000;
  stageWriter.close();
  stages?.close();
  await handle.close();
  const result = {
    name: 'bill-write',
    staged: stages !== undefined,
    bills: done,
    load_average_1m: Number(load.toFixed(2)),
    seconds: Number(seconds.toFixed(2)),
    bills_per_s: Math.round(done / seconds),
    cpu_us_per_bill: Number((cpuMicros / done).toFixed(2)),
    checkpoint_seconds_after: Number(checkpoint.toFixed(2)),
  };
  console.log(JSON.stringify(result));
  console.log(`\nwriter: ${result.bills} bills in ${result.seconds} s, ${result.cpu_us_per_bill} µs CPU per bill`);
} finally {
  rmSync(dir, { recursive: true, force: true });
}
