/**
 * Counter payments over HTTP on loopback against the real server process (SQLite default store,
 * synchronous=FULL, group commit): every 200 is a payment committed before the answer was sent.
 * Prints {"name":"payments","payments_per_s":…,"p99_ms":…} and a table.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, request } from 'node:http';
import { openDatabase, Store } from '@meterflow/store';
import { startDemoServer } from '../test/demo-server-process.ts';

const CONCURRENCY = Number(process.env.BENCH_CONCURRENCY ?? 48);
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8000);
const WARMUP_MS = 1500;

const dir = mkdtempSync(join(tmpdir(), 'mf-bench-pay-'));
// e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server (written on exit).
const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const server = await startDemoServer(dir, {}, nodeArgs);
const cookie = await server.login('clerk.gangu');
const { port } = new URL(server.url);
const agent = new Agent({ keepAlive: true, maxSockets: CONCURRENCY });
const accountNos = ['6205240001', '6205240002', '6205240003', '6205220001', '6205220002'];

function pay(i: number): Promise<number> {
  const body = JSON.stringify({ accountNo: accountNos[i % accountNos.length], amountFen: 100 + (i % 900) });
  return new Promise((resolve, reject) => {
    const req = request(
      {
        host: '127.0.0.1',
        port,
        method: 'POST',
        path: '/api/payments/counter',
        agent,
        headers: { 'content-type': 'application/json', cookie, 'idempotency-key': `bench-${process.pid}-${i}` },
      },
      (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** CPU seconds (user + system) the server process has used: a figure the shared machine's load does not distort much. */
function serverCpuSeconds(): number {
  try {
    const fields = readFileSync(`/proc/${server.child.pid}/stat`, 'utf8').split(') ')[1].split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime in clock ticks (USER_HZ = 100)
  } catch {
    return Number.NaN; // not Linux
  }
}

let seq = 0;
let cpuAtStart = Number.NaN;
const latencies: number[] = [];
let ok = 0;
let failed = 0;
const t0 = performance.now();
const measureFrom = t0 + WARMUP_MS;
const end = measureFrom + DURATION_MS;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async () => {
    while (performance.now() < end) {
      const start = performance.now();
      if (start >= measureFrom && Number.isNaN(cpuAtStart)) cpuAtStart = serverCpuSeconds();
      const status = await pay(seq++);
      const done = performance.now();
      if (start < measureFrom) continue;
      if (status === 200) {
        ok++;
        latencies.push(done - start);
      } else failed++;
    }
  }),
);
const seconds = (performance.now() - measureFrom) / 1000;
const serverCpu = serverCpuSeconds() - cpuAtStart;
await server.kill('SIGTERM');
agent.destroy();

// Durability check: every acknowledged payment is in the ledger, and the ledger balances.
const handle = await openDatabase({ url: `sqlite:${join(dir, 'demo.db')}` });
const ledger = Store.of(handle).payments.ledger;
const posted = await ledger.countEntries('payment:');
const unbalanced = (await ledger.unbalancedEntries()).length;
await handle.close();
rmSync(dir, { recursive: true, force: true });

latencies.sort((a, b) => a - b);
const pct = (p: number) => latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))] ?? 0;
const result = {
  name: 'payments',
  payments_per_s: Math.round(ok / seconds),
  p50_ms: Number(pct(50).toFixed(2)),
  p99_ms: Number(pct(99).toFixed(2)),
  acknowledged: ok,
  failed,
  posted_total: posted,
  unbalanced_entries: unbalanced,
  server_cpu_ms_per_payment: Number(((serverCpu * 1000) / Math.max(1, ok)).toFixed(3)),
  server_cpu_share: Number((serverCpu / seconds).toFixed(2)),
  load_average_1m: Number(loadavg()[0].toFixed(2)),
  concurrency: CONCURRENCY,
};
console.log(JSON.stringify(result));
console.log(
  `payments over HTTP (loopback, SQLite FULL sync, group commit), ${CONCURRENCY} in flight, ${seconds.toFixed(1)} s measured`,
);
console.log(`  payments/s   ${result.payments_per_s}`);
console.log(`  p50 / p99    ${result.p50_ms} / ${result.p99_ms} ms`);
console.log(
  `  server CPU   ${result.server_cpu_ms_per_payment} ms per payment (${result.server_cpu_share} cores busy; load average ${result.load_average_1m})`,
);
console.log(`  durable      ${posted} payment entries posted ≥ ${ok} acknowledged; unbalanced entries: ${unbalanced}`);
if (posted < ok || unbalanced > 0) process.exit(1);
