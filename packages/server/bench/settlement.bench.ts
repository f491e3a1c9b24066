// Daily settlement (日结) of N prepaid accounts for one day, end to end on the embedded store:
// read accounts and 00:00 freezes, price on typed arrays at the billing tariff's tiered prices,
// post every deduction to the ledger (one batch item per account, one batch entry per chunk) with
// the balance projection, durably
// (SQLite WAL, synchronous=FULL). Setup is not timed. `BENCH_ACCOUNTS` changes N (default 1 M).
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@meterflow/core';
import type { TariffDocument } from '@meterflow/core/billing/tariff-document';
import { openDatabase, Store } from '@meterflow/store';
import { readCatalogue } from '../src/billing/tariff-catalogue.ts';
import { catalogueDailyTariffs } from '../src/prepaid/prepaid-module.ts';
import { SettlementService } from '../src/prepaid/settlement.service.ts';

const ACCOUNTS = Number(process.env.BENCH_ACCOUNTS ?? 1_000_000);
const DAY = '2026-05-11';
const NEXT = '2026-05-12';
const ROWS_PER_INSERT = 400;

const dir = mkdtempSync(join(tmpdir(), 'mf-settle-bench-'));
const handle = await openDatabase({ url: `sqlite:${join(dir, 'settle.db')}` });
const store = Store.of(handle);
const sqlite = handle.sqlite!;

function bulk(table: string, columns: string[], rows: (i: number) => unknown[]) {
  const one = `(${columns.map(() => '?').join(', ')})`;
  const stmt = (n: number) =>
    sqlite.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(n).fill(one).join(', ')}`);
  const full = stmt(ROWS_PER_INSERT);
  sqlite.transaction(() => {
    for (let from = 0; from < ACCOUNTS; from += ROWS_PER_INSERT) {
      const n = Math.min(ROWS_PER_INSERT, ACCOUNTS - from);
      const params: unknown[] = [];
      for (let i = from; i < from + n; i++) params.push(...rows(i));
      (n === ROWS_PER_INSERT ? full : stmt(n)).run(params);
    }
  })();
}

const t0 = performance.now();
const id = (i: number) => `acc-${String(i).padStart(7, '0')}`;
const meter = (i: number) => `m-${String(i).padStart(7, '0')}`;
bulk(
  'prepaid_accounts',
  'row_no account_id meter_id meter_address tariff_code multiplier periods warning_fen stop_fen restore_fen stop_imminent_days credit_allowance_fen supply warned available_fen balance_seq cycle_month cycle_wh last_charge_fen updated_at'.split(
    ' ',
  ),
  (i) => [
    i + 1,
    id(i),
    meter(i),
    String(i).padStart(12, '0'),
    'GS-RES-TIERED',
    1,
    1,
    2000,
    0,
    0,
    1,
    0,
    'on',
    'none',
    1000 + ((i * 7919) % 30_000),
    0,
    '2026-05',
    ((i * 31) % 200) * 1000,
    0,
    'x',
  ],
);
bulk('daily_freezes', 'meter_id register tariff date value_wh quality source received_at'.split(' '), (i) => [
  meter(i),
  'forward-active',
  0,
  DAY,
  5_000_000 + i,
  0,
  'bench',
  'x',
]);
bulk('daily_freezes', 'meter_id register tariff date value_wh quality source received_at'.split(' '), (i) => [
  meter(i),
  'forward-active',
  0,
  NEXT,
  5_000_000 + i + 1000 * (2 + (i % 20)),
  0,
  'bench',
  'x',
]);
// The accounts and freezes arrived long before the run: start from a checkpointed database, as a
// real night does, so the run's own final checkpoint does not also copy the setup's WAL.
sqlite.pragma('wal_checkpoint(TRUNCATE)');
const setupMs = performance.now() - t0;

const docs = readCatalogue().map((e) => ({ code: e.code, document: e.document as TariffDocument }));
const service = new SettlementService(
  store,
  new ManualClock('2026-05-12T16:40:00Z'),
  catalogueDailyTariffs(docs),
  'Asia/Shanghai',
);
const t1 = performance.now();
const out = await service.settle(DAY);
const totalMs = performance.now() - t1;

const check = sqlite
  .prepare(
    `SELECT COUNT(*) AS n, SUM(amount_fen) AS s, COUNT(DISTINCT batch_seq) AS b FROM prepaid_deductions WHERE day = ?`,
  )
  .get(DAY) as { n: number; s: number; b: number };
const lines = sqlite.prepare(`SELECT COUNT(*) AS n FROM ledger_lines`).get() as { n: number };
// Balances stay derivable: a sample of accounts' ledger balances equal their charges.
const sample = [0, 1, Math.floor(ACCOUNTS / 2), ACCOUNTS - 1].filter((i) => i < ACCOUNTS);
let balancesOk = true;
for (const i of sample) {
  const w = await store.payments.ledger.balance(`wallet/${id(i)}`);
  const e = await store.payments.ledger.balance(`prepaid_estimates/${id(i)}`);
  const a = (await store.prepaid.accounts.get(id(i)))!;
  if (w !== a.lastChargeFen || e !== -a.lastChargeFen) balancesOk = false;
}
const result = {
  name: 'settlement',
  accounts: out.run.settled,
  accounts_per_s: Math.round(out.run.settled / (totalMs / 1000)),
  ms: Math.round(totalMs),
  loadMs: Math.round(out.ms.load),
  computeMs: Math.round(out.ms.compute),
  commitMs: Math.round(out.ms.commit),
  deductions: check.n,
  charged: out.posted,
  batchEntries: check.b,
  ledgerLines: lines.n,
  deductionsSumFen: check.s,
  balancesOk,
  chargedFen: out.run.chargedFen,
  atWarning: out.run.atWarning,
  atStop: out.run.atStop,
  setupMs: Math.round(setupMs),
  steps: Object.fromEntries(Object.entries(store.prepaid.settlement.timings).map(([k, v]) => [k, Math.round(v)])),
  budgetMs: 10_000,
};
console.log(JSON.stringify(result));
console.log('');
console.log(
  `settlement (${ACCOUNTS.toLocaleString('en')} prepaid accounts × 1 day, SQLite WAL synchronous=FULL; shared 2-core machine, noisy)`,
);
console.log(
  `  total     ${result.ms} ms (${result.accounts_per_s.toLocaleString('en')} accounts/s, budget ${result.budgetMs} ms)`,
);
console.log(`  load      ${result.loadMs} ms   accounts + 00:00 freezes of the day and the next`);
console.log(`  compute   ${result.computeMs} ms   core batch at GS-RES-TIERED tiered prices`);
console.log(
  `  commit    ${result.commitMs} ms   ${result.deductions.toLocaleString('en')} deductions (${result.charged.toLocaleString('en')} charged, sum ${result.deductionsSumFen} fen) in ${result.batchEntries} batch entries, projection, checkpoint`,
);
console.log(`  steps     ${JSON.stringify(result.steps)} (commit's COMMIT fsyncs are outside items/projection)`);
console.log(`  ledger    balances derived from the ledger equal the charges: ${balancesOk}`);
console.log(
  `  lines     ${result.atWarning.toLocaleString('en')} at warning, ${result.atStop.toLocaleString('en')} at stop`,
);
await handle.close();
rmSync(dir, { recursive: true, force: true });
