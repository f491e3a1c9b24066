import { Worker } from 'node:worker_threads';
import type { AuditThresholds, TariffDocument } from '@meterflow/core/billing/index';
import type { AttachedStage } from '@meterflow/store';
import { workerEntry } from '../worker-bundle.ts';
import { compileAll } from './tariff-catalogue.ts';
import type { BatchJob, BatchSource, BillComputer, ComputedBatch } from './bill-computer.ts';
import { splitReply, type WorkerJob, type WorkerReply } from './worker-messages.ts';

/** Most worker threads a pool starts, whatever the caller asks. */
export const BILL_WORKERS_MAX = 16;
/**
 * Young generation of a worker (MiB): a chunk's thousands of short-lived objects die young in a
 * larger nursery instead of being copied and promoted by frequent scavenges.
 */
export const BILL_WORKER_YOUNG_GEN_MB = 64;

interface Pending {
  resolve(c: ComputedBatch): void;
  reject(e: Error): void;
  stage?: AttachedStage;
}

/**
 * Calculates batches on worker threads (the main thread stays the single database writer). Each job
 * goes to the worker with the fewest jobs in flight; answers resolve the caller's promise.
 */
export class BillWorkerPool implements BillComputer {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;
  private readonly freeStages: AttachedStage[];
  /** Settles once the workers are started (their entry is bundled first; see worker-bundle.ts). */
  private readonly started: Promise<void>;
  private closed = false;

  /**
   * With `databaseFile` each worker reads its own ranges on a read-only connection (the main thread
   * only writes); without it the main thread reads through `source` and posts the determinants.
   * With `stages` (attached to the writer's connection) a job that finds one free has its rows
   * written there by the worker; the others come back in the reply.
   */
  constructor(
    size: number,
    tariffs: Readonly<Record<string, TariffDocument>>,
    thresholds: AuditThresholds,
    private readonly source: BatchSource,
    private readonly databaseFile?: string,
    stages: readonly AttachedStage[] = [],
  ) {
    this.freeStages = [...stages];
    const n = Math.max(1, Math.min(size, BILL_WORKERS_MAX));
    const entry = workerEntry(
      new URL('./bill-run.worker.ts', import.meta.url),
      new URL('./bill-run-worker.mjs', import.meta.url),
    );
    // Validated once here (an invalid tariff stops the run before any thread starts) while the
    // entry bundles; the workers then compile without validating again.
    compileAll(tariffs);
    this.started = entry.then((entry) => {
      if (this.closed) return;
      for (let i = 0; i < n; i++) {
        const w = new Worker(entry.url, {
          workerData: { tariffs, thresholds, databaseFile },
          resourceLimits: { maxYoungGenerationSizeMb: BILL_WORKER_YOUNG_GEN_MB },
          // A bundled worker is plain JavaScript: no loader of the main thread is needed in it.
          ...(entry.bundled ? { execArgv: [] } : {}),
        });
        w.on('message', (m: WorkerReply) => this.settle(i, m));
        w.on('error', (e) => this.failAll(e));
        this.workers.push(w);
        this.load.push(0);
      }
    });
  }

  async compute(job: BatchJob): Promise<ComputedBatch> {
    await this.started;
    if (this.closed) throw new Error('the bill worker pool is closed');
    let message: WorkerJob;
    const id = this.nextId++;
    if (this.databaseFile) message = { id, job };
    else {
      const det = await this.source.rangeBatch(job.range);
      message = { id, job, det, history: await this.source.rangeHistory(det, job.lastCycle, job.yearCycle) };
    }
    const stage = this.freeStages.pop();
    if (stage) message.stage = stage.path;
    let best = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i] < this.load[best]) best = i;
    this.load[best]++;
    return new Promise<ComputedBatch>((resolve, reject) => {
      this.pending.set(id, { resolve, reject, stage });
      this.workers[best].postMessage(message);
    });
  }

  private settle(worker: number, m: WorkerReply): void {
    this.load[worker]--;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    const stage = p.stage;
    const release = stage ? () => this.freeStages.push(stage) : undefined;
    if (m.error !== undefined) {
      release?.();
      p.reject(new Error(m.error));
    } else if (m.staged && stage) {
      p.resolve({
        det: { ...m.det, accountIds: splitReply(m.accountIds, m.det.n) },
        bills: { ...m.result, lines: [] },
        stagedIn: stage.alias,
        release,
      });
    } else {
      release?.();
      p.resolve({
        det: { ...m.det, accountIds: splitReply(m.accountIds, m.det.n) },
        bills: { ...m.result, lines: splitReply(m.lines, m.result.n) },
      });
    }
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  async close(): Promise<void> {
    this.closed = true;
    await this.started;
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
