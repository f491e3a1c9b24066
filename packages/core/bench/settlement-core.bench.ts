// Prepaid daily settlement of 1,000,000 accounts for one day, postings included, on typed arrays.
// Only the pure computation is timed (no store): registers in, charges, balances, flags and the
// columnar journal out. Figures are noisy on a shared 2-core machine; read them as an order of size.
import { performance } from 'node:perf_hooks';
import {
  batchPostingsToDrafts,
  settlePrepaidDayBatch,
  type SettlementBatchInput,
} from '../src/payments/batch-settlement.ts';
import type { TieredTariff } from '../src/payments/tiered-daily-pricer.ts';

const ACCOUNTS = 1_000_000;
const PERIODS = 4;
const RUNS = 5;

/** A seeded generator so every run settles the same fleet. */
function lcg(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (Math.imul(s, 1664525) + 1013904223) >>> 0;
    return s / 4294967296;
  };
}

const tariffs: TieredTariff[] = [
  {
    periodPricesMicro: [810000, 760000, 510000, 310000],
    tierLimitsWh: [160000, 240000],
    tierAddersMicro: [0, 50000, 300000],
  },
  { periodPricesMicro: [1020000, 890000, 610000, 290000], tierLimitsWh: [], tierAddersMicro: [0] },
];

function makeInput(): SettlementBatchInput {
  const rnd = lcg(20240501);
  const n = ACCOUNTS;
  const input: SettlementBatchInput = {
    count: n,
    periods: PERIODS,
    startWh: new Float64Array(n * PERIODS),
    endWh: new Float64Array(n * PERIODS),
    multiplier: new Uint32Array(n),
    cycleWhBefore: new Float64Array(n),
    availableFen: new Float64Array(n),
    warningFen: new Float64Array(n).fill(2000),
    stopFen: new Float64Array(n),
    tariffIndex: new Uint16Array(n),
    tariffs,
  };
  for (let i = 0; i < n; i++) {
    input.multiplier[i] = rnd() < 0.95 ? 1 : 30;
    input.tariffIndex[i] = rnd() < 0.9 ? 0 : 1;
    input.cycleWhBefore[i] = Math.floor(rnd() * 300_000);
    input.availableFen[i] = Math.floor(rnd() * 30_000) - 500;
    for (let p = 0; p < PERIODS; p++) {
      const start = Math.floor(rnd() * 999_999_990);
      input.startWh[i * PERIODS + p] = start;
      input.endWh[i * PERIODS + p] = (start + Math.floor(rnd() * 4000) * 10) % 1_000_000_000;
    }
  }
  return input;
}

const input = makeInput();
const times: number[] = [];
let last = settlePrepaidDayBatch(input); // warm-up, not counted
for (let r = 0; r < RUNS; r++) {
  const t0 = performance.now();
  last = settlePrepaidDayBatch(input);
  times.push(performance.now() - t0);
}
times.sort((a, b) => a - b);
let check = 0;
for (let k = 0; k < 2 * last.postings.entryCount; k++) check += last.postings.lineAmountFen[k];
let stops = 0;
for (let i = 0; i < ACCOUNTS; i++) if (last.flags[i] & 8) stops++;
const median = times[Math.floor(RUNS / 2)];
// Materialising every deduction as an ordinary JournalDraft object (what a row-by-row store would take).
const ids = Array.from({ length: ACCOUNTS }, (_, i) => `0${String(i).padStart(9, '0')}`);
const d0 = performance.now();
const drafts = batchPostingsToDrafts(last.postings, ids, '2024-05-01');
const draftsMs = Math.round(performance.now() - d0);
const result = {
  name: 'settlement-core',
  accounts: ACCOUNTS,
  periods: PERIODS,
  runs: RUNS,
  bestMs: Math.round(times[0]),
  medianMs: Math.round(median),
  accountsPerSecond: Math.round(ACCOUNTS / (median / 1000)),
  entries: last.postings.entryCount,
  postingLinesSum: check,
  atStopLine: stops,
  draftObjectsMs: draftsMs,
  draftObjects: drafts.length,
  budgetMs: 10_000,
};
console.log(JSON.stringify(result));
console.log('');
console.log('settlement-core (pure computation, 1 M accounts × 1 day; noisy shared machine)');
console.log(`  best      ${result.bestMs} ms`);
console.log(
  `  median    ${result.medianMs} ms   (${result.accountsPerSecond.toLocaleString('en')} accounts/s, budget ${result.budgetMs} ms)`,
);
console.log(`  entries   ${result.entries.toLocaleString('en')} balanced deductions (lines sum ${check})`);
console.log(`  at stop   ${stops.toLocaleString('en')} accounts`);
console.log(
  `  as drafts ${draftsMs} ms to build ${drafts.length.toLocaleString('en')} JournalDraft objects (not in the figures above)`,
);
