// Bill compute benchmark: the per-chunk path of a bill-run worker, single-threaded over every
// 5,000-account chunk of 1,000,000 accounts (the bill-run benchmark's determinants). Phases, in
// CPU time (user + system of this process, GC threads included) because the machine is shared:
// read — the range of determinants and the audit history on a read-only SQLite connection;
// compute — calculate, encode, audit, fill the BillBatch and shape the reply (ids and lines joined);
// post — a structured clone of the reply with its buffers moved (what postMessage serialises, plus
// the copy the main thread reads back); stage — with MF_BENCH_STAGED=1, writing the chunk's rows
// into a stage file as a staging worker does. The determinants are loaded by a child process (not timed),
// so this one starts with a heap as small as a worker's. MF_BENCH_HISTORY_CYCLES=12 first stores
// a year of earlier bills, which the history read then has to go through. `digest` fingerprints
// every output byte, so two versions of the code can be checked to bill identically.
import { spawnSync } from 'node:child_process';
import { createHash } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AUDIT_THRESHOLDS_DEFAULT } from '@meterflow/core/billing/index';
import { BillStageWriter, createStageFile, DeterminantReader, openDatabase, Store } from '@meterflow/store';
import { computeJob, replyOf, transferablesOf } from '../src/billing/bill-run-chunk.ts';
import type { BatchJob } from '../src/billing/bill-computer.ts';
import { BILL_RUN_CHUNK } from '../src/billing/bill-run.service.ts';
import type { ComputeContext } from '../src/billing/compute-bills.ts';
import { cycleMinus } from '../src/billing/cycle-month.ts';
import { compileAll, storedTariffDocuments } from '../src/billing/tariff-catalogue.ts';
import type { WorkerReply } from '../src/billing/worker-messages.ts';
import { BENCH_CYCLE, loadBenchDeterminants } from './bench-determinants.ts';

const ACCOUNTS = Number(process.env.MF_BENCH_ACCOUNTS ?? 1_000_000);
const PASSES = Number(process.env.MF_BENCH_PASSES ?? 1);
const LOAD_INTO = process.env.MF_BENCH_LOAD_INTO;
/** Earlier cycles billed for every account (0: none, as in bill-run; 12 reaches last year's). */
const HISTORY_CYCLES = Number(process.env.MF_BENCH_HISTORY_CYCLES ?? 0);
/** Reply as a staging worker does: rows written into a stage file, the reply without the lines. */
const STAGED = process.env.MF_BENCH_STAGED === '1';

if (LOAD_INTO) {
  const handle = await openDatabase({ url: `sqlite:${LOAD_INTO}` });
  await loadBenchDeterminants(Store.of(handle), ACCOUNTS, '2026-10-05T02:00:00.000Z');
  // Stored bills of earlier cycles, so that reading the audit history finds what a monthly run
  // finds; their energy is 40 % to 160 % of this month's, so the change rules hold some bills.
  const insert = handle.sqlite!.prepare(
    `INSERT INTO bills (id, account_id, cycle, revision, reading_book_id, customer_class, tariff_id, tariff_version,
       period_from, period_to, days, energy_wh, total_fen, net_fen, tax_fen, pf_hundredths, estimated, status, lines,
       calculated_at)
     SELECT account_id || '.' || @cycle || '.0', account_id, @cycle, 0, reading_book_id, customer_class, tariff_id, 1,
       period_from, period_to, 30, active_wh * multiplier * (40 + rowid % 121) / 100, 0, 0, 0, NULL, 0, 'passed', '[]',
       '2026-01-01T00:00:00.000Z'
     FROM bill_determinants`,
  );
  for (let k = 1; k <= HISTORY_CYCLES; k++) insert.run({ cycle: cycleMinus(BENCH_CYCLE, k) });
  await handle.close();
  process.exit(0);
}

const cpuSeconds = (from: NodeJS.CpuUsage): number => {
  const d = process.cpuUsage(from);
  return (d.user + d.system) / 1e6;
};

function digestReply(h: ReturnType<typeof createHash>, r: WorkerReply): void {
  if (r.error !== undefined) throw new Error(r.error);
  h.update(r.accountIds).update('\n').update(r.lines).update('\n');
  h.update(new Uint8Array(r.result.values.buffer, r.result.values.byteOffset, r.result.values.byteLength));
  h.update(JSON.stringify([r.result.auditRows, r.result.auditRules, r.result.auditParams, r.result.newLineMeta]));
}

const dir = mkdtempSync(join(tmpdir(), 'mf-bill-compute-'));
try {
  const file = join(dir, 'bench.db');
  const t0 = performance.now();
  const load = spawnSync(process.execPath, [...process.execArgv, process.argv[1]], {
    env: { ...process.env, MF_BENCH_LOAD_INTO: file },
    stdio: 'inherit',
  });
  if (load.status !== 0) throw new Error(`loading the determinants failed (${load.status})`);
  const handle = await openDatabase({ url: `sqlite:${file}` });
  const store = Store.of(handle);
  const books = (await store.accounts.listReadingBooks()).map((b) => b.id).sort();
  const jobs: BatchJob[] = [];
  const lastCycle = cycleMinus(BENCH_CYCLE, 1);
  const yearCycle = cycleMinus(BENCH_CYCLE, 12);
  for (const book of books) {
    let after = '';
    for (const upTo of await store.billing.determinants.chunkEnds(book, BENCH_CYCLE, '', BILL_RUN_CHUNK)) {
      jobs.push({ range: { readingBookId: book, cycle: BENCH_CYCLE, after, upTo }, lastCycle, yearCycle });
      after = upTo;
    }
  }
  const tariffs = await storedTariffDocuments(store);
  const loadSeconds = (performance.now() - t0) / 1000;

  const passes = [];
  for (let pass = 0; pass < PASSES; pass++) {
    // A worker's state: compiled tariffs, the line books it has filled, its own read-only connection.
    const ctx: ComputeContext = {
      tariffs: compileAll(tariffs),
      books: new Map(),
      thresholds: AUDIT_THRESHOLDS_DEFAULT,
    };
    const reader = DeterminantReader.openFile(file);
    const stagePath = join(dir, `stage-${pass}.db`);
    if (STAGED) createStageFile(stagePath);
    const stages = new BillStageWriter();
    const hash = createHash('sha256');
    let bills = 0;
    let held = 0;
    let read = 0;
    let compute = 0;
    let post = 0;
    let stage = 0;
    const wall0 = performance.now();
    for (let id = 0; id < jobs.length; id++) {
      const job = jobs[id];
      let c = process.cpuUsage();
      const det = reader.batch(job.range);
      const history = reader.history(det, job.lastCycle, job.yearCycle);
      read += cpuSeconds(c);
      c = process.cpuUsage();
      const computed = computeJob(ctx, undefined, { id, job, det, history });
      // Staging workers write the lines into their stage (the writer's side) and reply without them.
      const staged = STAGED ? computed.bills.lines : undefined;
      if (STAGED) {
        compute += cpuSeconds(c);
        c = process.cpuUsage();
        stages.write(stagePath, det, computed.bills);
        stage += cpuSeconds(c);
        c = process.cpuUsage();
      }
      const reply = replyOf(id, STAGED ? { det, bills: { ...computed.bills, lines: [] } } : computed);
      compute += cpuSeconds(c);
      c = process.cpuUsage();
      // Stands in for postMessage with moved buffers (this clones and also reads it back).
      const received = structuredClone(reply, { transfer: transferablesOf(reply) });
      post += cpuSeconds(c);
      if (received.error !== undefined) throw new Error(received.error);
      bills += received.result.n;
      for (let i = 0; i < received.result.n; i++) held += received.result.values[i * 9 + 8];
      if (staged && received.error === undefined) received.lines = staged.join('\n');
      digestReply(hash, received);
    }
    const wall = (performance.now() - wall0) / 1000;
    reader.close();
    stages.close();
    passes.push({ bills, held, wall, read, compute, post, stage, digest: hash.digest('hex').slice(0, 16) });
  }
  await handle.close();

  for (const [k, p] of passes.entries()) {
    const cpu = p.read + p.compute + p.post + p.stage;
    const us = (s: number) => Number(((s * 1e6) / p.bills).toFixed(3));
    console.log(
      JSON.stringify({
        name: 'bill-compute',
        pass: k + 1,
        bills: p.bills,
        chunks: jobs.length,
        held: p.held,
        bills_per_s: Math.round(p.bills / p.wall),
        wall_s: Number(p.wall.toFixed(3)),
        cpu_us_per_bill: us(cpu),
        read_s: Number(p.read.toFixed(3)),
        compute_s: Number(p.compute.toFixed(3)),
        post_s: Number(p.post.toFixed(3)),
        stage_s: Number(p.stage.toFixed(3)),
        read_us_per_bill: us(p.read),
        compute_us_per_bill: us(p.compute),
        post_us_per_bill: us(p.post),
        stage_us_per_bill: us(p.stage),
        determinants_load_seconds: Number(loadSeconds.toFixed(2)),
        history_cycles: HISTORY_CYCLES,
        staged: STAGED,
        digest: p.digest,
      }),
    );
  }
  console.log(`\npass   bills/s (wall)   CPU µs/bill   read   compute   post   stage`);
  for (const [k, p] of passes.entries()) {
    const us = (s: number) => ((s * 1e6) / p.bills).toFixed(2).padStart(6);
    console.log(
      `${String(k + 1).padEnd(6)} ${String(Math.round(p.bills / p.wall)).padStart(14)}   ${us(p.read + p.compute + p.post + p.stage).padStart(11)}   ${us(p.read)}   ${us(p.compute)}    ${us(p.post)}   ${us(p.stage)}`,
    );
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
}
