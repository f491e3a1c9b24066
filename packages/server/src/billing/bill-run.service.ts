import { AppError, type Clock } from '@meterflow/core';
import type { AuditThresholds } from '@meterflow/core/billing/index';
import { BILL_VALUE, BILL_VALUES, type BillBatch, type RunLease, type Store } from '@meterflow/store';
import type { BillComputer, ComputedBatch } from './bill-computer.ts';
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
  /** Called after the last chunk and before the run is marked calculated (a bulk run makes its writes durable). */
  beforeFinish?: () => void | Promise<void>;
  /** True when the given holder of an unexpired lease is known to be dead (a killed local process). */
  holderIsDead?: (holder: string) => boolean;
}

export interface BookRunResult {
  readingBookId: string;
  cycle: string;
  accounts: number;
  /** Bills computed by this call (a resumed run counts only what it did). */
  computed: number;
  /** Main-thread seconds spent reading determinants, waiting for computed bills, and writing them. */
  phases: RunPhases;
  /** Chunks the writer copied from a worker's stage rather than binding their rows. */
  stagedChunks: number;
  byStatus: Record<string, number>;
}

/** Where a run's main thread spent its time, in seconds. */
export interface RunPhases {
  read: number;
  computeWait: number;
  write: number;
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
      const fresh = run.cursor === '' && run.accounts_done === 0;
      const pumped = await this.pump(lease, run.cursor, run.accounts_done, total, computer, req.onProgress);
      await req.beforeFinish?.();
      await b.runs.finish(lease, this.now());
      await this.stages.end(book, cycle, 'calculation', req.actor, this.clock.now(), true, `${total} bills`);
      // A first run that stored every bill it computed knows the counts; otherwise (resumed, rerun,
      // corrected bills) the stored statuses decide.
      const byStatus =
        fresh && pumped.inserted === pumped.computed ? pumped.byStatus : await b.runs.statusCounts(book, cycle);
      const computed = pumped.computed;
      await this.stages.begin(book, cycle, 'billAudit', 'system:audit', this.clock.now());
      if (!byStatus.held) await this.stages.end(book, cycle, 'billAudit', 'system:audit', this.clock.now(), true);
      return {
        readingBookId: book,
        cycle,
        accounts: total,
        computed,
        byStatus,
        phases: pumped.phases,
        stagedChunks: pumped.stagedChunks,
      };
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e);
      await b.runs.finish(lease, this.now(), message);
      await this.stages.end(book, cycle, 'calculation', req.actor, this.clock.now(), false, message.slice(0, 200));
      throw e;
    }
  }

  /** Splits the rest of the book into chunks, keeps a few computing ahead, and commits them in order. */
  private async pump(
    lease: RunLease,
    cursor: string,
    done: number,
    total: number,
    computer: BillComputer,
    onProgress?: (done: number, total: number) => void,
  ): Promise<{
    computed: number;
    inserted: number;
    stagedChunks: number;
    byStatus: Record<string, number>;
    phases: RunPhases;
  }> {
    const b = this.store.billing;
    const { readingBookId, cycle } = lease;
    const tally = {
      computed: 0,
      inserted: 0,
      stagedChunks: 0,
      byStatus: {} as Record<string, number>,
      phases: { read: 0, computeWait: 0, write: 0 },
    };
    let t = performance.now();
    const lap = (phase: keyof RunPhases) => {
      const now = performance.now();
      tally.phases[phase] += (now - t) / 1000;
      t = now;
    };
    const ends = await b.determinants.chunkEnds(readingBookId, cycle, cursor, BILL_RUN_CHUNK);
    lap('read');
    const lastCycle = cycleMinus(cycle, 1);
    const yearCycle = cycleMinus(cycle, 12);
    const inFlight: Promise<ComputedBatch>[] = [];
    let after = cursor;
    let next = 0;
    onProgress?.(done, total);
    while (next < ends.length || inFlight.length > 0) {
      while (next < ends.length && inFlight.length < BILL_RUN_PIPELINE_DEPTH) {
        const range = { readingBookId, cycle, after, upTo: ends[next++] };
        after = range.upTo;
        const result = computer.compute({ range, lastCycle, yearCycle });
        result.catch(() => undefined); // awaited below in order; avoid an unhandled rejection meanwhile
        inFlight.push(result);
      }
      t = performance.now();
      const { det, bills, stagedIn, release } = await inFlight.shift()!;
      lap('computeWait');
      try {
        if (det.n === 0) continue;
        if (bills.newLineMeta.length) await b.tariffs.saveLineMeta(bills.newLineMeta);
        done += det.n;
        tally.computed += det.n;
        tally.inserted += await b.runs.commitBatch(lease, det, bills, {
          cursor: det.accountIds[det.n - 1],
          accountsDone: done,
          leaseExpiresAt: this.leaseUntil(),
          calculatedAt: this.now(),
          stagedIn,
        });
        if (stagedIn !== undefined) tally.stagedChunks++;
      } finally {
        release?.();
      }
      lap('write');
      countStatuses(bills, tally.byStatus);
      onProgress?.(done, total);
    }
    return tally;
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private leaseUntil(): string {
    return new Date(this.clock.now().getTime() + BILL_RUN_LEASE_MS).toISOString();
  }
}

function countStatuses(bills: BillBatch, into: Record<string, number>): void {
  let held = 0;
  for (let i = 0; i < bills.n; i++) held += bills.values[i * BILL_VALUES + BILL_VALUE.held];
  if (held) into.held = (into.held ?? 0) + held;
  if (bills.n - held) into.passed = (into.passed ?? 0) + bills.n - held;
}
