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
    return (await this.runBooks([req], computer))[0];
  }

  /**
   * Runs several books through one pipeline: the next book's first chunks are computing while the
   * last chunks of the one before are written, so the workers never wait at a book boundary. Each
   * book keeps its own lease, cursor, stages and result; chunks commit in order, and a book is
   * finished once its last chunk is committed. A failure marks every book not yet finished failed.
   */
  async runBooks(reqs: readonly BookRunRequest[], computer: BillComputer): Promise<BookRunResult[]> {
    const opened: BookSession[] = [];
    const results: BookRunResult[] = [];
    const inFlight: Slot[] = [];
    let computing = 0;
    let current: BookSession | undefined;
    let nextReq = 0;
    let t = performance.now();
    const lap = (s: BookSession, phase: keyof RunPhases) => {
      const now = performance.now();
      s.tally.phases[phase] += (now - t) / 1000;
      t = now;
    };
    // The next chunk to compute, opening the next book when the current one has been handed out.
    const dispatch = async (): Promise<boolean> => {
      while (!current || current.next >= current.ends.length) {
        if (current && !current.marked) {
          current.marked = true;
          inFlight.push({ session: current });
        }
        if (nextReq >= reqs.length) return false;
        t = performance.now();
        current = await this.open(reqs[nextReq++]);
        opened.push(current);
        lap(current, 'read');
      }
      const s = current;
      const range = {
        readingBookId: s.lease.readingBookId,
        cycle: s.lease.cycle,
        after: s.after,
        upTo: s.ends[s.next++],
      };
      s.after = range.upTo;
      const result = computer.compute({ range, lastCycle: s.lastCycle, yearCycle: s.yearCycle });
      result.catch(() => undefined); // awaited below in order; avoid an unhandled rejection meanwhile
      inFlight.push({ session: s, result });
      computing++;
      return true;
    };
    try {
      for (;;) {
        while (computing < BILL_RUN_PIPELINE_DEPTH && (await dispatch()));
        const slot = inFlight.shift();
        if (!slot) break;
        const s = slot.session;
        if (!slot.result) {
          results.push(await this.finishBook(s));
          continue;
        }
        computing--;
        t = performance.now();
        const batch = await slot.result;
        lap(s, 'computeWait');
        try {
          await this.commit(s, batch);
        } finally {
          batch.release?.();
        }
        lap(s, 'write');
      }
      return results;
    } catch (e) {
      // Stages held by chunks still computing go back as those settle; every open book is failed.
      for (const slot of inFlight)
        void slot.result?.then(
          (b) => b.release?.(),
          () => undefined,
        );
      const message = e instanceof Error ? e.message : String(e);
      for (const s of opened) if (!s.finished) await this.failBook(s, message);
      throw e;
    }
  }

  /** Takes a book's lease, records its stages and splits the rest of it into chunks. */
  private async open(req: BookRunRequest): Promise<BookSession> {
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
    const session: BookSession = {
      req,
      lease,
      total,
      fresh: run.cursor === '' && run.accounts_done === 0,
      done: run.accounts_done,
      after: run.cursor,
      ends: [],
      next: 0,
      marked: false,
      finished: false,
      lastCycle: cycleMinus(cycle, 1),
      yearCycle: cycleMinus(cycle, 12),
      tally: {
        computed: 0,
        inserted: 0,
        stagedChunks: 0,
        byStatus: {},
        phases: { read: 0, computeWait: 0, write: 0 },
      },
    };
    try {
      session.ends = await b.determinants.chunkEnds(book, cycle, run.cursor, BILL_RUN_CHUNK);
    } catch (e) {
      await this.failBook(session, e instanceof Error ? e.message : String(e));
      throw e;
    }
    req.onProgress?.(session.done, total);
    return session;
  }

  /** Commits one computed chunk of a book with its cursor. */
  private async commit(s: BookSession, { det, bills, stagedIn }: ComputedBatch): Promise<void> {
    if (det.n === 0) return;
    const b = this.store.billing;
    if (bills.newLineMeta.length) await b.tariffs.saveLineMeta(bills.newLineMeta);
    s.done += det.n;
    s.tally.computed += det.n;
    s.tally.inserted += await b.runs.commitBatch(s.lease, det, bills, {
      cursor: det.accountIds[det.n - 1],
      accountsDone: s.done,
      leaseExpiresAt: this.leaseUntil(),
      calculatedAt: this.now(),
      stagedIn,
    });
    if (stagedIn !== undefined) s.tally.stagedChunks++;
    countStatuses(bills, s.tally.byStatus);
    s.req.onProgress?.(s.done, s.total);
  }

  /** A book's last chunk is in: it is calculated, and its bills wait for audit or release. */
  private async finishBook(s: BookSession): Promise<BookRunResult> {
    const b = this.store.billing;
    const { readingBookId: book, cycle } = s.lease;
    const { req, tally } = s;
    await req.beforeFinish?.();
    await b.runs.finish(s.lease, this.now());
    s.finished = true;
    await this.stages.end(book, cycle, 'calculation', req.actor, this.clock.now(), true, `${s.total} bills`);
    // A first run that stored every bill it computed knows the counts; otherwise (resumed, rerun,
    // corrected bills) the stored statuses decide.
    const byStatus =
      s.fresh && tally.inserted === tally.computed ? tally.byStatus : await b.runs.statusCounts(book, cycle);
    await this.stages.begin(book, cycle, 'billAudit', 'system:audit', this.clock.now());
    if (!byStatus.held) await this.stages.end(book, cycle, 'billAudit', 'system:audit', this.clock.now(), true);
    return {
      readingBookId: book,
      cycle,
      accounts: s.total,
      computed: tally.computed,
      byStatus,
      phases: tally.phases,
      stagedChunks: tally.stagedChunks,
    };
  }

  private async failBook(s: BookSession, message: string): Promise<void> {
    const { readingBookId: book, cycle } = s.lease;
    s.finished = true;
    await this.store.billing.runs.finish(s.lease, this.now(), message);
    await this.stages.end(book, cycle, 'calculation', s.req.actor, this.clock.now(), false, message.slice(0, 200));
  }

  private now(): string {
    return this.clock.now().toISOString();
  }

  private leaseUntil(): string {
    return new Date(this.clock.now().getTime() + BILL_RUN_LEASE_MS).toISOString();
  }
}

/** A book being run: its lease, chunks handed out so far and what its commits added up to. */
interface BookSession {
  req: BookRunRequest;
  lease: RunLease;
  total: number;
  /** Nothing of the book was stored before this run. */
  fresh: boolean;
  done: number;
  after: string;
  ends: string[];
  next: number;
  /** Its end marker is queued behind its last chunk. */
  marked: boolean;
  finished: boolean;
  lastCycle: string;
  yearCycle: string;
  tally: {
    computed: number;
    inserted: number;
    stagedChunks: number;
    byStatus: Record<string, number>;
    phases: RunPhases;
  };
}

/** A chunk computing for a book, or (no result) the book's end, in commit order. */
interface Slot {
  session: BookSession;
  result?: Promise<ComputedBatch>;
}

function countStatuses(bills: BillBatch, into: Record<string, number>): void {
  let held = 0;
  for (let i = 0; i < bills.n; i++) held += bills.values[i * BILL_VALUES + BILL_VALUE.held];
  if (held) into.held = (into.held ?? 0) + held;
  if (bills.n - held) into.passed = (into.passed ?? 0) + bills.n - held;
}
