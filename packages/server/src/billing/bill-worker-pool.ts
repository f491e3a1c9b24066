import { Worker } from 'node:worker_threads';
import type { AuditThresholds, TariffDocument } from '@meterflow/core/billing/index';
import type { BillDeterminantTable } from '@meterflow/store';
import type { BillComputer } from './bill-computer.ts';
import type { ChunkHistory, ComputedChunk } from './compute-bills.ts';
import type { WorkerJob, WorkerReply } from './worker-messages.ts';

/** Most worker threads a pool starts, whatever the caller asks. */
export const BILL_WORKERS_MAX = 16;

interface Pending {
  resolve(c: ComputedChunk): void;
  reject(e: Error): void;
}

/**
 * Calculates chunks on worker threads (the main thread stays the single database writer). Each job
 * goes to the worker with the fewest jobs in flight; answers resolve the caller's promise.
 */
export class BillWorkerPool implements BillComputer {
  private readonly workers: Worker[] = [];
  private readonly load: number[] = [];
  private readonly pending = new Map<number, Pending>();
  private nextId = 1;

  constructor(size: number, tariffs: Readonly<Record<string, TariffDocument>>, thresholds: AuditThresholds) {
    const n = Math.max(1, Math.min(size, BILL_WORKERS_MAX));
    for (let i = 0; i < n; i++) {
      const w = new Worker(new URL('./bill-run-worker.mjs', import.meta.url), { workerData: { tariffs, thresholds } });
      w.on('message', (m: WorkerReply) => this.settle(i, m));
      w.on('error', (e) => this.failAll(e));
      this.workers.push(w);
      this.load.push(0);
    }
  }

  compute(rows: BillDeterminantTable[], history: ChunkHistory, calculatedAt: string): Promise<ComputedChunk> {
    const id = this.nextId++;
    let best = 0;
    for (let i = 1; i < this.load.length; i++) if (this.load[i] < this.load[best]) best = i;
    this.load[best]++;
    const job: WorkerJob = { id, rows, history, calculatedAt };
    return new Promise<ComputedChunk>((resolve, reject) => {
      this.pending.set(id, { resolve, reject });
      this.workers[best].postMessage(job);
    });
  }

  private settle(worker: number, m: WorkerReply): void {
    this.load[worker]--;
    const p = this.pending.get(m.id);
    if (!p) return;
    this.pending.delete(m.id);
    if (m.error !== undefined) p.reject(new Error(m.error));
    else p.resolve(m.result);
  }

  private failAll(e: Error): void {
    for (const p of this.pending.values()) p.reject(e);
    this.pending.clear();
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}
