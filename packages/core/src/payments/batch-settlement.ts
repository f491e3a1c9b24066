import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import type { JournalDraft } from './journal-entry.ts';
import { deductionDraft } from './prepaid-entries.ts';
import { checkDate } from './money-validation.ts';
import { WH_MICRO_PER_FEN } from './daily-pricer.ts';
import { DEFAULT_SETTLEMENT_CONFIG, type SettlementConfig } from './daily-settlement.ts';
import { validateTieredTariff, type TieredTariff } from './tiered-daily-pricer.ts';

/** Most accounts one call settles; a settlement job shards larger runs by account range. */
export const MAX_BATCH_ACCOUNTS = 2_000_000;
/** Most TOU periods a tariff in a batch may have (sharp, peak, flat, valley, deep valley, ...). */
export const MAX_BATCH_PERIODS = 8;

/** Flag bits per account in a batch result. */
export const SETTLE_FLAG = Object.freeze({
  /** Registers implausible (backwards beyond a rollover, or too large): nothing deducted. */
  INVALID_REGISTERS: 1,
  /** Arithmetic beyond 2^53: settle this account one by one with the exact path. */
  TOO_LARGE: 2,
  /** Available balance after the deduction is at or below the warning line. */
  AT_WARNING: 4,
  /** Available balance after the deduction is at or below the stop line. */
  AT_STOP: 8,
});

/**
 * Columns for many accounts of one day (structure of arrays). Row i of every per-account array is
 * the same account; registers are `count × periods`, account-major.
 */
export interface SettlementBatchInput {
  count: number;
  periods: number;
  startWh: Float64Array;
  endWh: Float64Array;
  multiplier: Uint32Array;
  cycleWhBefore: Float64Array;
  availableFen: Float64Array;
  warningFen: Float64Array;
  stopFen: Float64Array;
  tariffIndex: Uint16Array;
  tariffs: readonly TieredTariff[];
}

/**
 * A day's deductions as a columnar journal: entry k is account `entryAccount[k]` with two lines,
 * 2k = Dr wallet, 2k+1 = Cr prepaid estimates; `lineAmountFen` is signed like PostingLine.
 */
export interface BatchPostings {
  entryCount: number;
  entryAccount: Uint32Array;
  lineAmountFen: Float64Array;
}

export interface SettlementBatchResult {
  dayWh: Float64Array;
  chargeFen: Float64Array;
  availableAfterFen: Float64Array;
  cycleWhAfter: Float64Array;
  flags: Uint8Array;
  postings: BatchPostings;
}

interface TariffTable {
  prices: Float64Array;
  limits: Float64Array;
  adders: Float64Array;
  tiers: number;
}

function tariffTable(tariffs: readonly TieredTariff[], periods: number): TariffTable {
  const issues: Issue[] = [];
  tariffs.forEach((t, i) => {
    issues.push(...validateTieredTariff(t, `/tariffs/${i}`));
    if (t.periodPricesMicro.length !== periods)
      issues.push({ path: `/tariffs/${i}`, message: `needs ${periods} periods` });
  });
  assertNoIssues(issues, 'settlement batch');
  const tiers = Math.max(1, ...tariffs.map((t) => t.tierAddersMicro.length));
  const prices = new Float64Array(tariffs.length * periods);
  const limits = new Float64Array(tariffs.length * tiers).fill(Infinity);
  const adders = new Float64Array(tariffs.length * tiers);
  tariffs.forEach((t, i) => {
    t.periodPricesMicro.forEach((p, k) => (prices[i * periods + k] = p));
    t.tierLimitsWh.forEach((w, k) => (limits[i * tiers + k] = w));
    t.tierAddersMicro.forEach((a, k) => (adders[i * tiers + k] = a));
  });
  return { prices, limits, adders, tiers };
}

function checkShape(b: SettlementBatchInput): void {
  const issues: Issue[] = [];
  if (!(b.count >= 0 && b.count <= MAX_BATCH_ACCOUNTS))
    issues.push({ path: '/count', message: `must be 0..${MAX_BATCH_ACCOUNTS}` });
  if (!(b.periods >= 1 && b.periods <= MAX_BATCH_PERIODS))
    issues.push({ path: '/periods', message: `must be 1..${MAX_BATCH_PERIODS}` });
  const perAccount = {
    multiplier: b.multiplier,
    cycleWhBefore: b.cycleWhBefore,
    availableFen: b.availableFen,
    warningFen: b.warningFen,
    stopFen: b.stopFen,
    tariffIndex: b.tariffIndex,
  };
  for (const [name, arr] of Object.entries(perAccount))
    if (arr.length < b.count) issues.push({ path: `/${name}`, message: `shorter than ${b.count}` });
  if (b.startWh.length < b.count * b.periods || b.endWh.length < b.count * b.periods)
    issues.push({ path: '/startWh', message: 'registers shorter than count × periods' });
  for (let i = 0; i < b.count; i++)
    if (b.tariffIndex[i] >= b.tariffs.length) issues.push({ path: `/tariffIndex/${i}`, message: 'no such tariff' });
  assertNoIssues(issues, 'settlement batch');
}

function emptyResult(n: number): SettlementBatchResult {
  return {
    dayWh: new Float64Array(n),
    chargeFen: new Float64Array(n),
    availableAfterFen: new Float64Array(n),
    cycleWhAfter: new Float64Array(n),
    flags: new Uint8Array(n),
    postings: { entryCount: 0, entryAccount: new Uint32Array(n), lineAmountFen: new Float64Array(2 * n) },
  };
}

/** Settles one day for many accounts on typed arrays: same rules and rounding as settlePrepaidDay. */
export function settlePrepaidDayBatch(
  b: SettlementBatchInput,
  config: SettlementConfig = DEFAULT_SETTLEMENT_CONFIG,
): SettlementBatchResult {
  checkShape(b);
  const { count: n, periods: P } = b;
  const { prices, limits, adders, tiers: T } = tariffTable(b.tariffs, P);
  const out = emptyResult(n);
  const mod = config.registerModulusWh;
  const maxDay = config.maxDailyWhPerPeriod;
  const post = out.postings;
  for (let i = 0; i < n; i++) {
    const t = b.tariffIndex[i];
    const m = b.multiplier[i];
    let micro = 0;
    let total = 0;
    let flags = 0;
    for (let p = 0, r = i * P; p < P; p++, r++) {
      const s = b.startWh[r];
      const e = b.endWh[r];
      const d = e >= s ? e - s : e + mod - s;
      if (d > maxDay || d !== Math.floor(d)) flags |= SETTLE_FLAG.INVALID_REGISTERS;
      const wh = d * m;
      total += wh;
      micro += wh * prices[t * P + p];
    }
    let from = b.cycleWhBefore[i];
    const to = from + total;
    for (let k = 0; k < T && from < to; k++) {
      const upper = limits[t * T + k];
      const part = (to < upper ? to : upper) - from;
      if (part > 0) {
        micro += part * adders[t * T + k];
        from += part;
      }
    }
    if (!Number.isSafeInteger(micro)) flags |= SETTLE_FLAG.TOO_LARGE;
    let charge = 0;
    if (flags === 0) {
      // Half-up division of an exact non-negative integer; the checks repair a float quotient off by one.
      charge = Math.floor(micro / WH_MICRO_PER_FEN);
      let rem = micro - charge * WH_MICRO_PER_FEN;
      if (rem < 0) {
        charge -= 1;
        rem += WH_MICRO_PER_FEN;
      } else if (rem >= WH_MICRO_PER_FEN) {
        charge += 1;
        rem -= WH_MICRO_PER_FEN;
      }
      if (2 * rem >= WH_MICRO_PER_FEN) charge += 1;
      out.dayWh[i] = total;
      out.cycleWhAfter[i] = to;
    } else {
      out.cycleWhAfter[i] = b.cycleWhBefore[i];
    }
    const after = b.availableFen[i] - charge;
    out.chargeFen[i] = charge;
    out.availableAfterFen[i] = after;
    if (after <= b.warningFen[i]) flags |= SETTLE_FLAG.AT_WARNING;
    if (after <= b.stopFen[i]) flags |= SETTLE_FLAG.AT_STOP;
    out.flags[i] = flags;
    if (charge > 0) {
      const k = post.entryCount++;
      post.entryAccount[k] = i;
      post.lineAmountFen[2 * k] = charge;
      post.lineAmountFen[2 * k + 1] = -charge;
    }
  }
  return out;
}

/** Turns columnar postings into ordinary drafts (for a store that writes entries one by one, or tests). */
export function batchPostingsToDrafts(
  postings: BatchPostings,
  accountIds: readonly string[],
  day: string,
): JournalDraft[] {
  const issues: Issue[] = [];
  checkDate(issues, '/day', day);
  assertNoIssues(issues, 'batch postings');
  const drafts: JournalDraft[] = new Array(postings.entryCount);
  for (let k = 0; k < postings.entryCount; k++) {
    drafts[k] = deductionDraft(accountIds[postings.entryAccount[k]], day, postings.lineAmountFen[2 * k]);
  }
  return drafts;
}
