import type { BatchJob, BillComputer, ComputedBatch } from './bill-computer.ts';

/** Resolves on the event loop's next turn, after the I/O that is ready has been handled. */
const nextTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

/**
 * Hands out one chunk per turn of the event loop. A run computing in the server's thread over
 * SQLite never waits on I/O (better-sqlite3 answers at once, so every await resolves as a
 * microtask): without a turn between chunks the server would answer no request — the clerk's
 * progress listing included — until the whole run had ended. Chunks are computed one after the
 * other, so the run's writer commits each chunk in the turn it was computed in.
 */
export class YieldingBillComputer implements BillComputer {
  private previous: Promise<unknown> = Promise.resolve();

  constructor(private readonly inner: BillComputer) {}

  compute(job: BatchJob): Promise<ComputedBatch> {
    const mine = this.previous.then(nextTurn).then(() => this.inner.compute(job));
    this.previous = mine.catch(() => undefined);
    return mine;
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
