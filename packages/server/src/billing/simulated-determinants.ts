import { AppError, SeededRandom } from '@meterflow/core';
import { DETERMINANT_FLAG, type BillableAccount, type BillDeterminantTable, type Store } from '@meterflow/store';
import { cycleMinus } from './cycle-month.ts';

/** Accounts always read by estimate in the simulation, so the demo's audit queue has a known bill. */
export const SIMULATED_ESTIMATED_ACCOUNTS: readonly string[] = ['acc-620524-0002'];
const ESTIMATED_SHARE = 0.06;
const MINIMUM_INCOME_SHARE = 0.03;
const WH_PER_KWH = 1000;
/** Shares of a month's energy in peak / flat / valley for a typical shop or works (check: per profile). */
const TOU_SHARES = { peak: 0.32, flat: 0.43 } as const;

/** A reading-day-to-reading-day period ending in `cycle` (the cycle is the month the period ends). */
export function periodOf(cycle: string, readingDay: number): { from: string; to: string } {
  const dd = String(readingDay).padStart(2, '0');
  return { from: `${cycleMinus(cycle, 1)}-${dd}`, to: `${cycle}-${dd}` };
}

function seedOf(text: string): number {
  let h = 2166136261;
  for (let i = 0; i < text.length; i++) h = Math.imul(h ^ text.charCodeAt(i), 16777619);
  return h >>> 0;
}

/**
 * Billing determinants for a simulated month, from a seeded generator per account and cycle (the
 * same cycle always gives the same month). Stands in for metering until the demo has interval
 * reads for whole months; values are on the meter's secondary side, as metering stores them.
 */
export async function simulateMonth(store: Store, cycle: string, bookIds: readonly string[], at: string) {
  const books = new Map((await store.accounts.listReadingBooks()).map((b) => [b.id, b]));
  const tariffIds = new Map((await store.billing.tariffs.list()).map((t) => [t.code, t.id]));
  let accounts = 0;
  for (const bookId of bookIds) {
    const book = books.get(bookId);
    if (!book) throw new AppError('NOT_FOUND', `reading book ${bookId} not found`);
    const period = periodOf(cycle, book.readingDay);
    const rows: BillDeterminantTable[] = [];
    for (const a of await store.billing.determinants.billableAccounts(bookId, period.to)) {
      const tariffId = a.tariffCode ? tariffIds.get(a.tariffCode) : undefined;
      if (!tariffId || a.openedOn >= period.to) continue;
      rows.push(simulateAccount(a, tariffId, cycle, period, at));
    }
    await store.billing.determinants.putMany(rows);
    accounts += rows.length;
  }
  return { cycle, books: bookIds.length, accounts };
}

function simulateAccount(
  a: BillableAccount,
  tariffId: string,
  cycle: string,
  period: { from: string; to: string },
  at: string,
): BillDeterminantTable {
  const rng = new SeededRandom(seedOf(`${a.accountId}|${cycle}`));
  const m = a.multiplier;
  const kwh = (min: number, max: number) => rng.int(min, max) * WH_PER_KWH;
  const secondary = (wh: number) => Math.floor(wh / m);
  let flags = 0;
  if (rng.chance(ESTIMATED_SHARE) || SIMULATED_ESTIMATED_ACCOUNTS.includes(a.accountId))
    flags |= DETERMINANT_FLAG.estimated;
  if (a.lastMeterRemovedOn && a.lastMeterRemovedOn >= period.from && a.lastMeterRemovedOn < period.to)
    flags |= DETERMINANT_FLAG.exchange;
  const row: BillDeterminantTable = {
    account_id: a.accountId,
    cycle,
    reading_book_id: a.readingBookId,
    customer_class: a.customerClass,
    tariff_id: tariffId,
    period_from: period.from,
    period_to: period.to,
    active_wh: 0,
    tou_wh: null,
    reactive_varh: 0,
    max_demand_w: 0,
    capacity_va: 0,
    contract_demand_w: 0,
    multiplier: m,
    flags,
    source: 'simulated',
    created_at: at,
  };
  const tou = (total: number) => {
    const peak = Math.floor(total * (TOU_SHARES.peak + (rng.next() - 0.5) * 0.1));
    const flat = Math.floor(total * TOU_SHARES.flat);
    return { peak: secondary(peak), flat: secondary(flat), valley: secondary(total - peak - flat) };
  };
  switch (a.tariffCode) {
    case 'GS-RES-TIERED':
      if (rng.chance(MINIMUM_INCOME_SHARE)) row.flags |= DETERMINANT_FLAG.minimumIncome;
      row.active_wh = secondary(kwh(40, 420));
      break;
    case 'GS-GIC-TOU': {
      const t = tou(a.customerClass === 'commercial' ? kwh(600, 6_000) : kwh(15_000, 60_000));
      row.tou_wh = JSON.stringify(t);
      row.active_wh = t.peak + t.flat + t.valley;
      break;
    }
    case 'GS-LI-TWO-PART': {
      const capacityVa = a.capacityKva * WH_PER_KWH;
      const t = tou(Math.floor((capacityVa * rng.int(25, 45) * 24 * 30) / 100));
      row.tou_wh = JSON.stringify(t);
      row.active_wh = t.peak + t.flat + t.valley;
      row.reactive_varh = Math.floor((row.active_wh * rng.int(25, 60)) / 100);
      row.max_demand_w = secondary(Math.floor((capacityVa * rng.int(40, 75)) / 100));
      row.capacity_va = capacityVa;
      row.contract_demand_w = Math.floor((capacityVa * 60) / 100);
      break;
    }
    default:
      row.active_wh = secondary(kwh(300, 5_000));
  }
  return row;
}
