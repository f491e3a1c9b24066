// Bill run benchmark: 1,000,000 accounts (85 % residential tiered, 10 % commerce time-of-use, 5 %
// two-part with power factor) from stored determinants to stored bills with their lines, on the
// embedded SQLite store through the product's bill run (worker threads computing, one writer);
// then the same bills computed and stored by plain SQL in PostgreSQL (unlogged tables, one
// INSERT … SELECT computing the lines), and the ratio. Loading determinants is not timed.
import { mkdtempSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import pg from 'pg';
import { ManualClock } from '@meterflow/core';
import { openDatabase, Store, type BillDeterminantTable } from '@meterflow/store';
import { runBillCycle } from '../src/billing/bill-cycle-run.ts';
import { BENCH_CYCLE, benchDeterminantBatches, loadBenchDeterminants } from './bench-determinants.ts';
import { PG_PEER_SQL, PG_PEER_TABLES } from './bill-run-pg-peer.ts';

const ACCOUNTS = Number(process.env.MF_BENCH_ACCOUNTS ?? 1_000_000);
const CYCLE = BENCH_CYCLE;
const PG_URL = process.env.MF_TEST_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';

async function sqliteRun() {
  const dir = mkdtempSync(join(tmpdir(), 'mf-bill-bench-'));
  try {
    const handle = await openDatabase({ url: `sqlite:${join(dir, 'bench.db')}` });
    const store = Store.of(handle);
    const clock = new ManualClock('2026-10-05T02:00:00Z');
    const t0 = performance.now();
    await loadBenchDeterminants(store, ACCOUNTS, clock.now().toISOString());
    const loadSeconds = (performance.now() - t0) / 1000;
    const workers = process.env.MF_BENCH_WORKERS === undefined ? undefined : Number(process.env.MF_BENCH_WORKERS);
    const cpu0 = process.cpuUsage();
    const r = await runBillCycle(store, clock, { cycle: CYCLE, actor: 'bench', holder: 'bench', workers });
    const cpu = process.cpuUsage(cpu0);
    const sums = handle
      .sqlite!.prepare(
        'SELECT count(*) AS bills, sum(total_fen) AS total, sum(json_array_length(lines)) AS lines FROM bills WHERE cycle = ?',
      )
      .get(CYCLE) as { bills: number; total: number; lines: number };
    await handle.close();
    return {
      seconds: r.seconds,
      checkpointSeconds: r.checkpointSeconds,
      // Every thread of the process, the checkpoint after the run included.
      cpuSeconds: (cpu.user + cpu.system) / 1e6,
      stagedChunks: r.stagedChunks,
      loadSeconds,
      workers: r.workers,
      held: r.byStatus.held ?? 0,
      phases: r.phases,
      ...sums,
    };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

async function pgRun() {
  const schema = `mf_bill_bench_${process.pid}`;
  const client = new pg.Client({ connectionString: PG_URL });
  await client.connect();
  try {
    await client.query(`CREATE SCHEMA ${schema}; SET search_path = ${schema}`);
    await client.query(PG_PEER_TABLES);
    for (const part of benchDeterminantBatches(ACCOUNTS)) {
      const col = <K extends keyof BillDeterminantTable>(k: K) => part.map((r) => r[k]);
      await client.query(
        `INSERT INTO det SELECT * FROM unnest($1::text[], $2::text[], $3::bigint[], $4::jsonb[], $5::bigint[], $6::bigint[], $7::bigint[], $8::bigint[], $9::int[])`,
        [
          col('account_id'),
          col('tariff_id'),
          col('active_wh'),
          col('tou_wh'),
          col('reactive_varh'),
          col('max_demand_w'),
          col('capacity_va'),
          col('contract_demand_w'),
          col('multiplier'),
        ],
      );
    }
    await client.query('ANALYZE det');
    const t0 = performance.now();
    await client.query(PG_PEER_SQL);
    const seconds = (performance.now() - t0) / 1000;
    const sums = await client.query(
      'SELECT count(*)::int AS bills, sum(total_fen)::bigint AS total, sum(jsonb_array_length(lines))::int AS lines FROM bills_pg',
    );
    return { seconds, ...(sums.rows[0] as { bills: number; total: number; lines: number }) };
  } finally {
    await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    await client.end();
  }
}

const loadAverage = loadavg()[0];
const lite = await sqliteRun();
let peer: Awaited<ReturnType<typeof pgRun>> | undefined;
let peerError: string | undefined;
try {
  // MF_BENCH_PEER=0 skips the PostgreSQL peer (for profiling the SQLite run alone).
  if (process.env.MF_BENCH_PEER !== '0') peer = await pgRun();
} catch (e) {
  peerError = (e as Error).message;
}
const result = {
  name: 'bill-run',
  accounts: ACCOUNTS,
  load_average_1m: Number(loadAverage.toFixed(2)),
  bills_per_s: Math.round(ACCOUNTS / lite.seconds),
  seconds: Number(lite.seconds.toFixed(2)),
  workers: lite.workers,
  bills: lite.bills,
  lines: lite.lines,
  held: lite.held,
  total_fen: lite.total,
  determinants_load_seconds: Number(lite.loadSeconds.toFixed(2)),
  read_seconds: Number(lite.phases.read.toFixed(2)),
  compute_wait_seconds: Number(lite.phases.computeWait.toFixed(2)),
  write_seconds: Number(lite.phases.write.toFixed(2)),
  checkpoint_seconds_after: Number(lite.checkpointSeconds.toFixed(2)),
  cpu_seconds_all_threads: Number(lite.cpuSeconds.toFixed(2)),
  staged_chunks: lite.stagedChunks,
  pg_sql_seconds: peer ? Number(peer.seconds.toFixed(2)) : null,
  pg_bills_per_s: peer ? Math.round(ACCOUNTS / peer.seconds) : null,
  ratio_vs_pg: peer ? Number((peer.seconds / lite.seconds).toFixed(2)) : null,
  same_totals: peer ? Number(peer.total) === Number(lite.total) && Number(peer.bills) === lite.bills : null,
  same_line_count: peer ? Number(peer.lines) === Number(lite.lines) : null,
  ...(peerError ? { pg_error: peerError } : {}),
};
console.log(JSON.stringify(result));
console.log(`\nstore                      seconds   bills/s`);
console.log(
  `SQLite bill run (${lite.workers} workers)  ${result.seconds.toFixed(2).padStart(7)} ${String(result.bills_per_s).padStart(9)}`,
);
if (peer)
  console.log(
    `PostgreSQL INSERT…SELECT   ${peer.seconds.toFixed(2).padStart(7)} ${String(result.pg_bills_per_s).padStart(9)}`,
  );
console.log(
  `ratio ${result.ratio_vs_pg ?? '-'}×, totals equal: ${result.same_totals}, lines equal: ${result.same_line_count}`,
);
