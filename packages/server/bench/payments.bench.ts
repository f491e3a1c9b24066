/**
 * Counter payments over HTTP on loopback against the real server process (SQLite default store,
 * synchronous=FULL, group commit): every 200 is a payment committed and synced before the answer
 * was sent. The client is light (payments-http-client.ts: keep-alive sockets with pipelining), as
 * it shares the machine's 2 cores with the server. Prints
 * {"name":"payments","payments_per_s":…,"p99_ms":…} and a table.
 */
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { openDatabase, Store } from '@meterflow/store';
import { startDemoServer } from '../test/demo-server-process.ts';
import { openPipelined } from './payments-http-client.ts';

/** Keep-alive connections, and requests pipelined on each: CONNECTIONS × PIPELINE in flight. */
const CONNECTIONS = Number(process.env.BENCH_CONNECTIONS ?? 12);
const PIPELINE = Number(process.env.BENCH_PIPELINE ?? 4);
const CONCURRENCY = CONNECTIONS * PIPELINE;
const DURATION_MS = Number(process.env.BENCH_DURATION_MS ?? 8000);
const WARMUP_MS = 1500;

const dir = mkdtempSync(join(tmpdir(), 'mf-bench-pay-'));
// e.g. BENCH_SERVER_NODE_ARGS="--cpu-prof --cpu-prof-dir=/tmp/prof" to profile the server (written on exit).
const nodeArgs = (process.env.BENCH_SERVER_NODE_ARGS ?? '').split(' ').filter(Boolean);
const server = await startDemoServer(dir, {}, nodeArgs);
const cookie = await server.login('clerk.gangu');
const { port } = new URL(server.url);
/**
 * Which accounts are paid into: by default the 5 the bench always used (one of them prepaid, so a
 * fifth of the payments run the prepaid restore check, and every payment lands on a hot account
 * whose wallet sums grow during the run); BENCH_ACCOUNTS=all spreads them over every demo account.
 */
const FIXED_ACCOUNTS = ['6205240001', '6205240002', '6205240003', '6205220001', '6205220002'];
const accountNos = process.env.BENCH_ACCOUNTS === 'all' ? allAccountNos() : FIXED_ACCOUNTS;

function allAccountNos(): string[] {
  const db = new Database(join(dir, 'demo.db'), { readonly: true });
  try {
    return db.prepare('SELECT account_no FROM accounts ORDER BY account_no').pluck().all() as string[];
  } finally {
    db.close();
  }
}
const connections = await Promise.all(Array.from({ length: CONNECTIONS }, () => openPipelined(Number(port))));
/** Bodies built before the run (one per account and amount); the request text around them is a template. */
const AMOUNTS = 900;
const bodies = Array.from({ length: accountNos.length * AMOUNTS }, (_, k) =>
  JSON.stringify({ accountNo: accountNos[k % accountNos.length], amountFen: 100 + (k % AMOUNTS) }),
);
const head = `POST /api/payments/counter HTTP/1.1\r\nhost: 127.0.0.1:${port}\r\ncontent-type: application/json\r\ncookie: ${cookie}\r\n`;

function pay(i: number, lane: number): Promise<number> {
  const body = bodies[i % bodies.length];
  return connections[lane % CONNECTIONS].send(
    `${head}idempotency-key: bench-${process.pid}-${i}\r\ncontent-length: ${Buffer.byteLength(body)}\r\n\r\n${body}`,
  );
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
const clientCpuAtStart = process.cpuUsage();
const t0 = performance.now();
const measureFrom = t0 + WARMUP_MS;
const end = measureFrom + DURATION_MS;
await Promise.all(
  Array.from({ length: CONCURRENCY }, async (_, lane) => {
    while (performance.now() < end) {
      const start = performance.now();
      if (start >= measureFrom && Number.isNaN(cpuAtStart)) cpuAtStart = serverCpuSeconds();
      const status = await pay(seq++, lane);
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
const clientCpu = process.cpuUsage(clientCpuAtStart);
for (const c of connections) c.close();
await server.kill('SIGTERM');

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
  // Includes the warm-up: an upper bound of what the client took from the server's cores.
  client_cpu_ms_per_payment: Number(((clientCpu.user + clientCpu.system) / 1000 / Math.max(1, seq)).toFixed(3)),
  load_average_1m: Number(loadavg()[0].toFixed(2)),
  concurrency: CONCURRENCY,
  connections: CONNECTIONS,
  accounts: accountNos.length,
};
console.log(JSON.stringify(result));
console.log(
  `payments over HTTP (loopback, SQLite FULL sync, group commit), ${CONCURRENCY} in flight on ${CONNECTIONS} connections, ${seconds.toFixed(1)} s measured`,
);
console.log(`  payments/s   ${result.payments_per_s}`);
console.log(`  p50 / p99    ${result.p50_ms} / ${result.p99_ms} ms`);
console.log(
  `  server CPU   ${result.server_cpu_ms_per_payment} ms per payment (${result.server_cpu_share} cores busy; load average ${result.load_average_1m})`,
);
console.log(`  client CPU   ${result.client_cpu_ms_per_payment} ms per request`);
console.log(`  durable      ${posted} payment entries posted ≥ ${ok} acknowledged; unbalanced entries: ${unbalanced}`);
if (posted < ok || unbalanced > 0) process.exit(1);
