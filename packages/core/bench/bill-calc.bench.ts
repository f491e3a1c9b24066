// Computes 1,000,000 bills in memory from compiled tariffs: 85 % residential tiered, 10 % commerce
// time-of-use, 5 % large-industry two-part with power factor. Determinants are generated first (not
// timed) from a seeded generator; bills are summed, not stored — storage is someone else's job.
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { calculateBill } from '../src/billing/calculate-bill.ts';
import type { BillingDeterminants } from '../src/billing/determinants.ts';
import { compileTariff, type CompiledTariff } from '../src/billing/pricing-plan.ts';

const BILLS = 1_000_000;
const SEED = 20240901;

/** mulberry32: a small seeded generator so every run bills the same accounts. */
function generator(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const load = (name: string): CompiledTariff =>
  compileTariff(JSON.parse(readFileSync(new URL(`../tariffs/gansu/${name}`, import.meta.url), 'utf8')));

type Kind = 'residential' | 'commerce' | 'twoPart';

function makeDeterminants(n: number): { kinds: Kind[]; dets: BillingDeterminants[] } {
  const rnd = generator(SEED);
  const int = (max: number): number => Math.floor(rnd() * max);
  const kinds: Kind[] = new Array(n);
  const dets: BillingDeterminants[] = new Array(n);
  for (let i = 0; i < n; i++) {
    const r = rnd();
    const base = { accountId: `A${i}`, periodFrom: '2024-09-01', periodTo: '2024-10-01' };
    if (r < 0.85) {
      kinds[i] = 'residential';
      const part = int(20) === 0;
      dets[i] = {
        ...base,
        activeWh: int(600_000),
        ...(part ? { moveInDate: '2024-09-12' } : {}),
        minimumIncome: int(50) === 0,
      };
    } else if (r < 0.95) {
      kinds[i] = 'commerce';
      dets[i] = { ...base, touWh: { peak: int(3_000_000), flat: int(5_000_000), valley: int(4_000_000) } };
    } else {
      kinds[i] = 'twoPart';
      const peak = int(300_000_000);
      dets[i] = {
        ...base,
        touWh: { peak, flat: int(500_000_000), valley: int(400_000_000) },
        reactiveVarh: int(500_000_000),
        capacityVa: 1_000_000,
        contractDemandW: 500_000,
        maxDemandW: 300_000 + int(400_000),
      };
    }
  }
  return { kinds, dets };
}

const tariffs: Record<Kind, CompiledTariff> = {
  residential: load('residential-tiered.json'),
  commerce: load('commerce-tou.json'),
  twoPart: load('large-industry-two-part.json'),
};

const genStart = performance.now();
const { kinds, dets } = makeDeterminants(BILLS);
const genMs = performance.now() - genStart;

// Warm up the JIT on a slice before timing.
for (let i = 0; i < Math.min(20_000, BILLS); i++) calculateBill(tariffs[kinds[i]], dets[i]);

const perKind: Record<Kind, { bills: number; ms: number }> = {
  residential: { bills: 0, ms: 0 },
  commerce: { bills: 0, ms: 0 },
  twoPart: { bills: 0, ms: 0 },
};
let totalFen = 0;
let lines = 0;
const start = performance.now();
for (let i = 0; i < BILLS; i++) {
  const bill = calculateBill(tariffs[kinds[i]], dets[i]);
  totalFen += bill.totalFen;
  lines += bill.lines.length;
}
const ms = performance.now() - start;

// A second pass per customer class gives each class its own rate.
for (const kind of Object.keys(perKind) as Kind[]) {
  const idx: number[] = [];
  for (let i = 0; i < BILLS; i++) if (kinds[i] === kind) idx.push(i);
  const t0 = performance.now();
  for (const i of idx) calculateBill(tariffs[kind], dets[i]);
  perKind[kind] = { bills: idx.length, ms: performance.now() - t0 };
}

const rate = (n: number, t: number): number => Math.round(n / (t / 1000));
const result = {
  name: 'bill-calc',
  bills: BILLS,
  seconds: +(ms / 1000).toFixed(3),
  billsPerSecond: rate(BILLS, ms),
  linesPerBill: +(lines / BILLS).toFixed(2),
  generateSeconds: +(genMs / 1000).toFixed(3),
  totalYuan: (totalFen / 100).toFixed(2),
  byClass: Object.fromEntries(
    Object.entries(perKind).map(([k, v]) => [k, { bills: v.bills, billsPerSecond: rate(v.bills, v.ms) }]),
  ),
  node: process.version,
};
console.log(JSON.stringify(result));
console.log('');
console.log('class          bills      bills/s');
for (const [k, v] of Object.entries(perKind))
  console.log(`${k.padEnd(14)} ${String(v.bills).padStart(9)}  ${String(rate(v.bills, v.ms)).padStart(10)}`);
console.log(
  `${'all (mixed)'.padEnd(14)} ${String(BILLS).padStart(9)}  ${String(result.billsPerSecond).padStart(10)}   (${result.seconds} s, ${result.linesPerBill} lines/bill)`,
);
