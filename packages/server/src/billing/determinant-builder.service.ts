import { addDays, AppError } from '@meterflow/core';
import { compileTouSchedule, type TariffDocument } from '@meterflow/core/billing/index';
import type { CompiledTouSchedule } from '@meterflow/core/billing/tou-schedule';
import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import {
  DETERMINANT_FLAG,
  type AccountMeter,
  type BillableAccount,
  type BillDeterminantTable,
  type DailyFreezeRecord,
  type Store,
} from '@meterflow/store';
import { usageFromIntervals, usageFromRegisters, type MeteredUsage, type UsageGap } from './metered-usage.ts';
import { periodOf } from './simulated-determinants.ts';
import { storedTariffDocuments } from './tariff-catalogue.ts';

/** Interval channels metering uses (core/metering/interval-block): forward active and the first reactive. */
export const ACTIVE_CHANNEL = 1;
export const REACTIVE_CHANNEL = 3;
/** The register whose daily freezes give consumption when an account has no interval data. */
export const FORWARD_ACTIVE_REGISTER = 'forward-active';
/** Contract demand as a share of contracted capacity when the register has none (check). */
export const CONTRACT_DEMAND_PERCENT_DEFAULT = 60;
const VA_PER_KVA = 1000;

export interface BuildDeterminantsOptions {
  cycle: string;
  /** Default: every reading book. */
  readingBookIds?: readonly string[];
  at: string;
  contractDemandPercent?: number;
}

export interface BuildDeterminantsResult {
  cycle: string;
  books: number;
  accounts: number;
  fromIntervals: number;
  fromRegisters: number;
  estimated: number;
  /** Accounts left without determinants, with why (no reads, register backwards…). */
  gaps: { accountId: string; reason: UsageGap }[];
}

/**
 * Fills `bill_determinants` for a cycle from metering's stored data (抄表 → 核算): per reading book,
 * the accounts' meters, the latest versions of their interval blocks over the period and their
 * daily freezes are read in bulk; each account's energy per TOU period, maximum demand and reactive
 * energy come from the blocks, or from register differences when it has none. Rows already stored
 * for the cycle are replaced (source `metering`).
 */
export class DeterminantBuilder {
  constructor(private readonly store: Store) {}

  async build(o: BuildDeterminantsOptions): Promise<BuildDeterminantsResult> {
    const books = await this.store.accounts.listReadingBooks();
    const wanted = o.readingBookIds ? books.filter((b) => o.readingBookIds!.includes(b.id)) : books;
    if (o.readingBookIds && wanted.length !== o.readingBookIds.length)
      throw new AppError('NOT_FOUND', `reading book not found: ${o.readingBookIds.join(', ')}`);
    const tariffs = await this.tariffsByCode();
    const result: BuildDeterminantsResult = {
      cycle: o.cycle,
      books: wanted.length,
      accounts: 0,
      fromIntervals: 0,
      fromRegisters: 0,
      estimated: 0,
      gaps: [],
    };
    for (const book of wanted) {
      const rows = await this.buildBook(book.id, periodOf(o.cycle, book.readingDay), o, tariffs, result);
      await this.store.billing.determinants.putMany(rows);
      result.accounts += rows.length;
    }
    return result;
  }

  private async tariffsByCode(): Promise<Map<string, { id: string; schedule?: CompiledTouSchedule }>> {
    const docs: Record<string, TariffDocument> = await storedTariffDocuments(this.store);
    const out = new Map<string, { id: string; schedule?: CompiledTouSchedule }>();
    for (const t of await this.store.billing.tariffs.list()) {
      const doc = docs[t.id];
      const tou = doc.versions[doc.versions.length - 1].timeOfUse;
      out.set(t.code, { id: t.id, schedule: tou ? compileTouSchedule(tou) : undefined });
    }
    return out;
  }

  private async buildBook(
    bookId: string,
    period: { from: string; to: string },
    o: BuildDeterminantsOptions,
    tariffs: Map<string, { id: string; schedule?: CompiledTouSchedule }>,
    result: BuildDeterminantsResult,
  ): Promise<BillDeterminantTable[]> {
    const accounts = (await this.store.billing.determinants.billableAccounts(bookId, period.to)).filter(
      (a) => a.tariffCode && tariffs.has(a.tariffCode) && a.openedOn < period.to,
    );
    const reads = await this.readBook(accounts, period);
    const rows: BillDeterminantTable[] = [];
    for (const a of accounts) {
      const tariff = tariffs.get(a.tariffCode!)!;
      const r = reads(a.accountId);
      let usage: MeteredUsage | UsageGap | null = usageFromIntervals(r, tariff.schedule);
      if (!usage) usage = tariff.schedule ? 'touWithoutIntervals' : usageFromRegisters(r, period.from, period.to);
      if (typeof usage === 'string') {
        result.gaps.push({ accountId: a.accountId, reason: usage });
        continue;
      }
      if (usage.source === 'intervals') result.fromIntervals++;
      else result.fromRegisters++;
      if (usage.estimated) result.estimated++;
      rows.push(determinantRow(a, tariff.id, period, usage, o));
    }
    return rows;
  }

  /** Bulk reads for a book's accounts; returns each account's share. */
  private async readBook(accounts: readonly BillableAccount[], period: { from: string; to: string }) {
    const lastDay = addDays(period.to, -1);
    const days: string[] = [];
    for (let d = period.from; d < period.to; d = addDays(d, 1)) days.push(d);
    const usage = this.store.billing.usage;
    // Meters that served some day of the period (an exchange leaves two).
    const meters = (await usage.meters(accounts.map((a) => a.accountId))).filter(
      (m) => m.installedOn < period.to && (m.removedOn === null || m.removedOn >= period.from),
    );
    const addresses = [...new Set(meters.map((m) => m.address))];
    const active = byMeter(await usage.latestBlocks(addresses, ACTIVE_CHANNEL, period.from, lastDay));
    const reactive = byMeter(await usage.latestBlocks(addresses, REACTIVE_CHANNEL, period.from, lastDay));
    const freezes = new Map<string, DailyFreezeRecord[]>();
    for (const f of await usage.freezes(addresses, FORWARD_ACTIVE_REGISTER, period.from, period.to))
      (freezes.get(f.meterId) ?? freezes.set(f.meterId, []).get(f.meterId)!).push(f);
    const metersOf = new Map<string, AccountMeter[]>();
    for (const m of meters) (metersOf.get(m.accountId) ?? metersOf.set(m.accountId, []).get(m.accountId)!).push(m);
    return (accountId: string) => ({ days, meters: metersOf.get(accountId) ?? [], active, reactive, freezes });
  }
}

function byMeter(blocks: readonly IntervalBlock[]): Map<string, IntervalBlock[]> {
  const out = new Map<string, IntervalBlock[]>();
  for (const b of blocks) (out.get(b.meterId) ?? out.set(b.meterId, []).get(b.meterId)!).push(b);
  return out;
}

function determinantRow(
  a: BillableAccount,
  tariffId: string,
  period: { from: string; to: string },
  u: MeteredUsage,
  o: BuildDeterminantsOptions,
): BillDeterminantTable {
  let flags = 0;
  if (u.estimated) flags |= DETERMINANT_FLAG.estimated;
  if (u.rollover) flags |= DETERMINANT_FLAG.rollover;
  if (u.exchange) flags |= DETERMINANT_FLAG.exchange;
  if (u.multiplierChanged) flags |= DETERMINANT_FLAG.multiplierChanged;
  const capacityVa = a.capacityKva * VA_PER_KVA;
  return {
    account_id: a.accountId,
    cycle: o.cycle,
    reading_book_id: a.readingBookId,
    customer_class: a.customerClass,
    tariff_id: tariffId,
    period_from: period.from,
    period_to: period.to,
    active_wh: u.activeWh,
    tou_wh: u.touWh ? JSON.stringify(u.touWh) : null,
    reactive_varh: u.reactiveVarh,
    max_demand_w: u.maxDemandW,
    capacity_va: capacityVa,
    contract_demand_w: Math.floor((capacityVa * (o.contractDemandPercent ?? CONTRACT_DEMAND_PERCENT_DEFAULT)) / 100),
    multiplier: u.multiplier,
    flags,
    source: 'metering',
    created_at: o.at,
  };
}
