import { availableParallelism } from 'node:os';
import { AppError, type Clock } from '@meterflow/core';
import { AUDIT_THRESHOLDS_DEFAULT, type AuditThresholds } from '@meterflow/core/billing/index';
import type { Store } from '@meterflow/store';
import { InlineBillComputer, type BillComputer } from './bill-computer.ts';
import { BILL_RUN_PIPELINE_DEPTH, BillRunService, type BookRunResult, type RunPhases } from './bill-run.service.ts';
import { BillWorkerPool } from './bill-worker-pool.ts';
import { CycleStageRecorder } from './cycle-stage-recorder.ts';
import { isCycle } from './cycle-month.ts';
import { simulateMonth } from './simulated-determinants.ts';
import { DeterminantBuilder, type BuildDeterminantsResult } from './determinant-builder.service.ts';
import { storeCatalogue, storedTariffDocuments } from './tariff-catalogue.ts';

/** Below this many accounts a run computes in the main thread: starting workers costs more. */
export const PARALLEL_MIN_ACCOUNTS = 20_000;

export interface CycleRunOptions {
  cycle: string;
  readingBookId?: string;
  /** Only these reading books (a clerk's scope), in addition to `readingBookId`. */
  readingBookIds?: readonly string[];
  /** Worker threads; 0 computes in the main thread. Default: one per core from `PARALLEL_MIN_ACCOUNTS` on, else 0. */
  workers?: number;
  actor: string;
  holder: string;
  /** Simulate the month's determinants first (demo data for databases without reads). */
  simulate?: boolean;
  /** Build the cycle's determinants from metering's stored reads first (`DeterminantBuilder`). */
  fromMetering?: boolean;
  onProgress?: (done: number, total: number, book: string) => void;
  /** Told what the determinant building found (with `fromMetering`). */
  onBuilt?: (r: BuildDeterminantsResult) => void;
  holderIsDead?: (holder: string) => boolean;
  /**
   * Relax commits for the run's duration (`relaxForBulkRun`): for a command-line run that has the
   * database to itself. A run inside the server leaves the shared connection's settings alone.
   * Default true.
   */
  bulk?: boolean;
  /** The audit's thresholds; default `AUDIT_THRESHOLDS_DEFAULT`. */
  thresholds?: AuditThresholds;
  /** Wraps the main-thread computer of a run without workers (the server yields between chunks). */
  inline?: (c: BillComputer) => BillComputer;
}

export interface CycleRunResult {
  cycle: string;
  books: BookRunResult[];
  accounts: number;
  computed: number;
  workers: number;
  /** From the first book's lease to every bill durable. */
  seconds: number;
  /** Copying the run's log into the database file afterwards (SQLite), not in `seconds`. */
  checkpointSeconds: number;
  byStatus: Record<string, number>;
  /** Main-thread seconds per phase, summed over the books. */
  phases: RunPhases;
  /** Chunks written through worker stages (bill-stage.ts). */
  stagedChunks: number;
}

/** Runs a whole cycle (or one book) outside HTTP: the `meterflow bill-run` command and benchmarks. */
export async function runBillCycle(store: Store, clock: Clock, o: CycleRunOptions): Promise<CycleRunResult> {
  if (!isCycle(o.cycle)) throw new AppError('VALIDATION_FAILED', `cycle ${o.cycle} is not YYYY-MM`);
  if ((await store.billing.tariffs.list()).length === 0) await storeCatalogue(store, clock.now().toISOString());
  if (o.simulate) {
    const books = o.readingBookId ? [o.readingBookId] : (await store.accounts.listReadingBooks()).map((b) => b.id);
    await simulateMonth(store, o.cycle, books, clock.now().toISOString());
  }
  if (o.fromMetering) {
    const built = await new DeterminantBuilder(store).build({
      cycle: o.cycle,
      readingBookIds: o.readingBookId ? [o.readingBookId] : undefined,
      at: clock.now().toISOString(),
    });
    o.onBuilt?.(built);
  }
  const inScope = o.readingBookIds ? new Set(o.readingBookIds) : undefined;
  const books = (await store.billing.determinants.books(o.cycle)).filter(
    (b) => (!o.readingBookId || b.readingBookId === o.readingBookId) && (!inScope || inScope.has(b.readingBookId)),
  );
  if (books.length === 0) throw new AppError('STATE_INVALID', `no billing determinants for ${o.cycle}`);
  const total = books.reduce((n, b) => n + b.accounts, 0);
  const workers = o.workers ?? (total >= PARALLEL_MIN_ACCOUNTS ? availableParallelism() : 0);
  const docs = await storedTariffDocuments(store);
  const thresholds = o.thresholds ?? AUDIT_THRESHOLDS_DEFAULT;
  const file = store.billing.determinants.workerFile();
  // Workers that read the database file themselves also write their rows into stages, so the one
  // writer copies chunks instead of binding a million bills' values (store's bill-stage.ts).
  const stages = workers > 0 && file ? store.billing.runs.openStages(BILL_RUN_PIPELINE_DEPTH) : undefined;
  let computer: BillComputer;
  if (workers > 0)
    computer = new BillWorkerPool(workers, docs, thresholds, store.billing.determinants, file, stages?.stages);
  else {
    computer = new InlineBillComputer(docs, thresholds, store.billing.determinants);
    if (o.inline) computer = o.inline(computer);
  }
  const runner = new BillRunService(store, clock, new CycleStageRecorder(store), thresholds);
  const started = performance.now();
  const results: BookRunResult[] = [];
  let before = 0;
  const bulk =
    o.bulk === false ? { durable: () => undefined, restore: () => undefined } : store.billing.runs.relaxForBulkRun();
  let seconds: number;
  let checkpointSeconds = 0;
  try {
    const last = books[books.length - 1];
    results.push(
      ...(await runner.runBooks(
        books.map((b) => {
          const offset = before;
          before += b.accounts;
          return {
            readingBookId: b.readingBookId,
            cycle: o.cycle,
            actor: o.actor,
            holder: o.holder,
            holderIsDead: o.holderIsDead,
            // The last book makes every commit durable before it is marked calculated.
            beforeFinish: b === last ? bulk.durable : undefined,
            onProgress: (done: number) => o.onProgress?.(offset + done, total, b.readingBookId),
          };
        }),
        computer,
      )),
    );
  } finally {
    bulk.durable();
    await computer.close();
    stages?.close();
    seconds = (performance.now() - started) / 1000;
    // The bills are durable in the log already; copying them into the database file is upkeep
    // every write-ahead-log store does after a bulk write, timed on its own.
    const c = performance.now();
    bulk.restore();
    checkpointSeconds = (performance.now() - c) / 1000;
  }
  const byStatus: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.byStatus)) byStatus[k] = (byStatus[k] ?? 0) + v;
  return {
    cycle: o.cycle,
    books: results,
    accounts: total,
    computed: results.reduce((n, r) => n + r.computed, 0),
    workers,
    seconds,
    checkpointSeconds,
    stagedChunks: results.reduce((n, r) => n + r.stagedChunks, 0),
    byStatus,
    phases: {
      read: results.reduce((n, r) => n + r.phases.read, 0),
      computeWait: results.reduce((n, r) => n + r.phases.computeWait, 0),
      write: results.reduce((n, r) => n + r.phases.write, 0),
    },
  };
}
