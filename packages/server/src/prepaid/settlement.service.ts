import { addDays, localDate, type Clock } from '@meterflow/core';
import {
  settlePrepaidDayBatch,
  SETTLE_FLAG,
  type SettlementBatchInput,
} from '@meterflow/core/payments/batch-settlement';
import type { TieredTariff } from '@meterflow/core/payments/tiered-daily-pricer';
import type { SettlementLoad, SettlementRun, Store } from '@meterflow/store';

/** The tariffs a run prices with, by account tariff code (built from billing's catalogue). */
export type DailyTariffs = (day: string) => ReadonlyMap<string, TieredTariff>;

/** What one settlement run did, and which accounts reached their lines (for cost control). */
export interface SettlementOutcome {
  run: SettlementRun;
  posted: number;
  /** Accounts at or below the warning line (stop included) after the day's deduction. */
  reachedLines: string[];
  ms: { load: number; compute: number; commit: number; total: number };
}

/** Accounts listed as having reached their lines, at most (cost control re-reads the rest from the store). */
export const REACHED_LIST_MAX = 100_000;

/**
 * Daily settlement (日结) of every prepaid account for one day: 00:00 freezes of the day and the
 * next → core's typed-array batch at the billing tariff's tiered TOU prices → deductions posted
 * to the ledger with the balance projection, in bulk. Accounts with missing or implausible
 * registers are left unsettled (a later run picks them up when the reads are fixed).
 */
export class SettlementService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly tariffs: DailyTariffs,
    private readonly zone: string,
  ) {}

  /** Settles `day`; running it again settles only accounts not yet settled. */
  async settle(day: string): Promise<SettlementOutcome> {
    const t0 = performance.now();
    const started = this.clock.now();
    const p = this.store.prepaid;
    const seq = await p.settlement.ledgerSeq();
    await this.refreshTouched(await p.runs.lastLedgerSeq());
    const runId = `settle-${day}-${started.getTime().toString(36)}`;
    await p.runs.start(runId, day, started, seq);
    const tariffs = this.tariffs(day);
    const codes = [...tariffs.keys()];
    const load = await p.settlement.load(day, addDays(day, 1), codes);
    const t1 = performance.now();
    const month = day.slice(0, 7);
    const priced = this.compute(load, codes, tariffs);
    const t2 = performance.now();
    const posted = await p.settlement.commit(load, {
      day,
      postedAt: this.clock.now().toISOString(),
      index: priced.index,
      count: priced.count,
      chargeFen: priced.chargeFen,
      dayWh: priced.dayWh,
      cycleMonth: month,
    });
    const t3 = performance.now();
    const run: SettlementRun = {
      id: runId,
      day,
      startedAt: started.toISOString(),
      finishedAt: this.clock.now().toISOString(),
      status: 'finished',
      accounts: load.count,
      settled: priced.count,
      invalid: priced.invalid,
      chargedFen: priced.chargedFen,
      atWarning: priced.atWarning,
      atStop: priced.atStop,
      ledgerSeq: seq,
    };
    await p.runs.finish(run);
    return {
      run,
      posted,
      reachedLines: await p.settlement.accountIds(priced.reachedRows),
      ms: { load: t1 - t0, compute: t2 - t1, commit: t3 - t2, total: t3 - t0 },
    };
  }

  /** The local day before today: what the nightly job settles. */
  yesterday(): string {
    return addDays(localDate(this.clock.now(), this.zone), -1);
  }

  /** Re-derives the projection of accounts that payments, bills or true-ups touched since the last run. */
  private async refreshTouched(sinceSeq: number): Promise<void> {
    const p = this.store.prepaid.accounts;
    for (const id of await p.touchedSince(sinceSeq)) {
      const pos = await p.ledgerPosition(id);
      const acc = await p.get(id);
      await p.setBalance(
        id,
        pos.walletFen - pos.openReceivableFen + (acc?.creditAllowanceFen ?? 0),
        pos.seq,
        this.clock.now(),
      );
    }
  }

  private compute(load: SettlementLoad, codes: string[], tariffs: ReadonlyMap<string, TieredTariff>) {
    const out = {
      index: new Uint32Array(load.count),
      chargeFen: new Float64Array(load.count),
      dayWh: new Float64Array(load.count),
      count: 0,
      invalid: 0,
      chargedFen: 0,
      atWarning: 0,
      atStop: 0,
      reachedRows: [] as number[],
    };
    // One batch per register count: core's batch prices accounts with the same number of periods.
    const groups = new Map<number, Uint32Array>();
    const sizes = new Map<number, number>();
    const valid = new Uint8Array(load.count);
    for (let i = 0; i < load.count; i++) {
      const t = load.tariffIndex[i];
      const periods = load.periods[i];
      if (t < 0 || tariffs.get(codes[t])!.periodPricesMicro.length !== periods) {
        out.invalid++;
        continue;
      }
      let complete = true;
      for (let k = 0; k < periods; k++) {
        const r = i * load.stride + k;
        if (Number.isNaN(load.startWh[r]) || Number.isNaN(load.endWh[r])) complete = false;
      }
      if (!complete) {
        out.invalid++;
        continue;
      }
      valid[i] = 1;
      sizes.set(periods, (sizes.get(periods) ?? 0) + 1);
    }
    for (const [periods, size] of sizes) groups.set(periods, new Uint32Array(size));
    const filled = new Map<number, number>();
    for (let i = 0; i < load.count; i++) {
      if (!valid[i]) continue;
      const n = filled.get(load.periods[i]) ?? 0;
      groups.get(load.periods[i])![n] = i;
      filled.set(load.periods[i], n + 1);
    }
    for (const [periods, rows] of groups) this.settleGroup(load, rows, periods, codes, tariffs, out);
    return out;
  }

  private settleGroup(
    load: SettlementLoad,
    rows: Uint32Array,
    periods: number,
    codes: string[],
    tariffs: ReadonlyMap<string, TieredTariff>,
    out: ReturnType<SettlementService['compute']>,
  ): void {
    const n = rows.length;
    // Core's batch takes tariffs of one register count: keep this group's, indexed afresh.
    const groupCodes = codes.filter((c) => tariffs.get(c)!.periodPricesMicro.length === periods);
    const groupIndex = new Int16Array(codes.length).fill(-1);
    groupCodes.forEach((c, j) => (groupIndex[codes.indexOf(c)] = j));
    // The whole load in one group: its columns go to core as they are, without copies.
    const dense = n === load.count && periods === load.stride;
    const b: SettlementBatchInput = {
      count: n,
      periods,
      startWh: dense ? load.startWh : new Float64Array(n * periods),
      endWh: dense ? load.endWh : new Float64Array(n * periods),
      multiplier: dense ? load.multiplier : new Uint32Array(n),
      cycleWhBefore: dense ? load.cycleWhBefore : new Float64Array(n),
      availableFen: dense ? load.availableFen : new Float64Array(n),
      warningFen: dense ? load.warningFen : new Float64Array(n),
      stopFen: dense ? load.stopFen : new Float64Array(n),
      tariffIndex: new Uint16Array(n),
      tariffs: groupCodes.map((c) => tariffs.get(c)!),
    };
    for (let j = 0; j < n; j++) {
      const i = rows[j];
      b.tariffIndex[j] = groupIndex[load.tariffIndex[i]];
      if (dense) continue;
      for (let k = 0; k < periods; k++) {
        b.startWh[j * periods + k] = load.startWh[i * load.stride + k];
        b.endWh[j * periods + k] = load.endWh[i * load.stride + k];
      }
      b.multiplier[j] = load.multiplier[i];
      b.cycleWhBefore[j] = load.cycleWhBefore[i];
      b.availableFen[j] = load.availableFen[i];
      b.warningFen[j] = load.warningFen[i];
      b.stopFen[j] = load.stopFen[i];
    }
    const r = settlePrepaidDayBatch(b);
    for (let j = 0; j < n; j++) {
      const f = r.flags[j];
      if (f & (SETTLE_FLAG.INVALID_REGISTERS | SETTLE_FLAG.TOO_LARGE)) {
        out.invalid++;
        continue;
      }
      const k = out.count++;
      out.index[k] = rows[j];
      out.chargeFen[k] = r.chargeFen[j];
      out.dayWh[k] = r.dayWh[j];
      out.chargedFen += r.chargeFen[j];
      if (f & SETTLE_FLAG.AT_WARNING) {
        out.atWarning++;
        if (out.reachedRows.length < REACHED_LIST_MAX) out.reachedRows.push(load.rowNo[rows[j]]);
      }
      if (f & SETTLE_FLAG.AT_STOP) out.atStop++;
    }
  }
}
