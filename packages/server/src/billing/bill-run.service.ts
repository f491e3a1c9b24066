import { AppError, type Clock } from '@meterflow/core';
import type { AuditThresholds } from '@meterflow/core/billing/index';
import type { BillDeterminantTable, RunLease, Store } from '@meterflow/store';
import type { BillComputer } from './bill-computer.ts';
import type { ChunkHistory, ComputedChunk } from './compute-bills.ts';
import type { CycleStageRecorder } from './cycle-stage-recorder.ts';
import { cycleMinus } from './cycle-month.ts';

/** Accounts per chunk: one transaction and one worker job each. */
export const BILL_RUN_CHUNK = 5_000;
/** A runner's lease lasts this long past its last committed chunk; a dead runner's book frees up after it. */
export const BILL_RUN_LEASE_MS = 60_000;
/** Chunks computed ahead of the writer (keeps every worker busy while the main thread writes). */
export const BILL_RUN_PIPELINE_DEPTH = 4;

export interface BookRunRequest {
  readingBookId: string;
  cycle: string;
  actor: string;
  /** Distinguishes runners (process, host) for the lease. */
  holder: string;
  onProgress?: (done: number, total: number) => void;
  /** True when the given holder of an unexpired lease is known to be dead (a killed local process). */
  holderIsDead?: (holder: string) => boolean;
}

export interface BookRunResult {
  readingBookId: string;
  cycle: string;
  accounts: number;
  /** Bills computed by this call (a resumed run counts only what it did). */
  computed: number;
  byStatus: Record<string, number>;
}

/**
 * The bill run of one reading book and cycle (电费计算): takes the run's lease, computes bills chunk by
 * chunk from stored determinants and commits each chunk with the run's cursor. Running it again
 * stores the same bills (ids are per account, cycle and revision); a killed run resumes after its
 * last chunk.
 */
export class BillRunService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly stages: CycleStageRecorder,
    readonly thresholds: AuditThresholds,
  ) {}

  async runBook(req: BookRunRequest, computer: BillComputer): Promise<BookRunResult> {
    const b = this.store.billing;
    const { readingBookId: book, cycle } = req;
    const total = await b.determinants.count(book, cycle);
    if (total === 0)
      throw new AppError('STATE_INVALID', `reading book ${book} has no billing determinants for ${cycle}`);
    const lease: RunLease = { readingBookId: book, cycle, holder: req.holder };
    const take = (takeOverFrom?: string) =>
      b.runs.acquire(lease, {
        now: this.now(),
        expiresAt: this.leaseUntil(),
        accountsTotal: total,
        startedBy: req.actor,
        takeOverFrom,
      });
    let run = await take();
    if (!run && req.holderIsDead) {
      const current = await b.runs.get(book, cycle);
      if (current && req.holderIsDead(current.holder)) run = await take(current.holder);
    }
    if (!run) throw new AppError('CONFLICT', `reading book ${book} cycle ${cycle} is being billed by another runner`);
    const start = this.clock.now();
    await this.stages.readingDone(book, cycle, req.actor, start);
    await this.stages.begin(book, cycle, 'calculation', req.actor, start);
    try {
      const computed = await this.pump(lease, run.cursor, run.accounts_done, total, computer, req.onProgress);
      await b.runs.finish(lease, this.now());
      await this.stages.end(book, cycle, 'calculation', req.actor, this.clock.now(), true, `${total} bills`);
      const byStatus = await b.runs.statusCounts(book, cycle);
      await this.stages.begin(book, cycle, 'billAudit', 'system:audit', this.clock.now());
      if (!byStatus.held) await this.stages.end(book, cycle, 'billAudit', 'system:audit', this.clock.now(), true);
      return { readingBookId: book, cycle, accounts: total, computed, byStatus };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await b.runs.finish(lease, this.now(), message);
      await this.stages.end(book, cycle, 'calculation', req.actor, this.clock.now(), false, message.slice(0, 200));
      throw e;
    }
  }

  /** Reads pages after the cursor, keeps a few chunks computing ahead, and commits them in order. */
  private async pump(
    lease: RunLease,
    cursor: string,
    done: number,
    total: number,
    computer: BillComputer,
    onProgress?: (done: number, total: number) => void,
  ): Promise<number> {
    const b = this.store.billing;
    const history = await this.historyOf(lease.readingBookId, lease.cycle);
    const inFlight: { last: string; size: number; result: Promise<ComputedChunk> }[] = [];
    let computed = 0;
    let after = cursor;
    let exhausted = false;
    onProgress?.(done, total);
    while (!exhausted || inFlight.length > 0) {
      while (!exhausted && inFlight.length < BILL_RUN_PIPELINE_DEPTH) {
        const rows = await b.determinants.page(lease.readingBookId, lease.cycle, after, BILL_RUN_CHUNK);
        if (rows.length === 0) {
          exhausted = true;
          break;
        }
        after = rows[rows.length - 1].account_id;
        const result = computer.compute(rows, history(rows), this.now());
        result.catch(() => undefined); // awaited below in order; avoid an unhandled rejection meanwhile
        inFlight.push({ last: after, size: rows.length, result });
      }
      const next = inFlight.shift();
      if (!next) break;
      const chunk = await next.result;
      if (chunk.newLineMeta.length) await b.tariffs.saveLineMeta(chunk.newLineMeta);
      done += next.size;
      computed += next.size;
      await b.runs.commitChunk(lease, {
        bills: chunk.bills,
        auditResults: chunk.auditResults,
        cursor: next.last,
        accountsDone: done,
        leaseExpiresAt: this.leaseUntil(),
      });
      onProgress?.(done, total);
    }
    return computed;
  }

  /** The audit's history: energy billed last month and in the same month last year, per account. */
  private async historyOf(book: string, cycle: string): Promise<(rows: BillDeterminantTable[]) => ChunkHistory> {
    const last = await this.store.billing.bills.energyByAccount(book, cycleMinus(cycle, 1));
    const year = await this.store.billing.bills.energyByAccount(book, cycleMinus(cycle, 12));
    return (rows) => {
      const h: ChunkHistory = {
        lastMonthWh: new Float64Array(rows.length).fill(-1),
        sameMonthLastYearWh: new Float64Array(rows.length).fill(-1),
      };
      if (last.size || year.size) {
        rows.forEach((r, i) => {
          h.lastMonthWh[i] = last.get(r.account_id) ?? -1;
          h.sameMonthLastYearWh[i] = year.get(r.account_id) ?? -1;
        });
      }
      return h;
    };
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private leaseUntil(): string {
    return new Date(this.clock.now().getTime() + BILL_RUN_LEASE_MS).toISOString();
  }
}
