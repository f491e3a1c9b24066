import type { AuditThresholds, TariffDocument } from '@meterflow/core/billing/index';
import type { BillBatch, DeterminantBatch, DeterminantRange, RangeHistory } from '@meterflow/store';
import { compileAll } from './tariff-catalogue.ts';
import type { ComputeContext } from './compute-bills.ts';
import { computeBillBatch } from './compute-bill-batch.ts';

/** One chunk of a run: the determinants range and the cycles the audit compares against. */
export interface BatchJob {
  range: DeterminantRange;
  lastCycle: string;
  yearCycle: string;
}

/** A computed chunk: the determinants it was read from (accounts, classes, periods) and the bills. */
export interface ComputedBatch {
  det: DeterminantBatch;
  bills: BillBatch;
  /**
   * The attached stage holding the chunk's rows (SQLite runs with worker threads): the bills' lines
   * are then not in `bills` and the writer copies the rows from the stage.
   */
  stagedIn?: string;
  /** Hands the stage out again once the chunk is committed (or the run gave up on it). */
  release?: () => void;
}

/** Where the main thread reads ranges and history (the store's determinant repository). */
export interface BatchSource {
  rangeBatch(r: DeterminantRange): Promise<DeterminantBatch>;
  rangeHistory(batch: DeterminantBatch, lastCycle: string, yearCycle: string): Promise<RangeHistory>;
}

/** Computes chunks of bills: in this thread, or spread over worker threads. */
export interface BillComputer {
  compute(job: BatchJob): Promise<ComputedBatch>;
  close(): Promise<void>;
}

/** Computes in the calling thread: for small books, where a worker's start-up costs more than it saves. */
export class InlineBillComputer implements BillComputer {
  private readonly ctx: ComputeContext;

  constructor(
    tariffs: Readonly<Record<string, TariffDocument>>,
    thresholds: AuditThresholds,
    private readonly source: BatchSource,
  ) {
    this.ctx = { tariffs: compileAll(tariffs), books: new Map(), thresholds };
  }

  async compute(job: BatchJob): Promise<ComputedBatch> {
    const det = await this.source.rangeBatch(job.range);
    const history = await this.source.rangeHistory(det, job.lastCycle, job.yearCycle);
    return { det, bills: computeBillBatch(this.ctx, det, history) };
  }

  async close(): Promise<void> {}
}
