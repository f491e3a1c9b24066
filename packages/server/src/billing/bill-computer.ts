import type { AuditThresholds, TariffDocument } from '@meterflow/core/billing/index';
import type { BillDeterminantTable } from '@meterflow/store';
import { compileAll } from './tariff-catalogue.ts';
import { computeChunk, type ChunkHistory, type ComputeContext, type ComputedChunk } from './compute-bills.ts';

/** Computes chunks of bills: in this thread, or spread over worker threads. */
export interface BillComputer {
  compute(rows: BillDeterminantTable[], history: ChunkHistory, calculatedAt: string): Promise<ComputedChunk>;
  close(): Promise<void>;
}

/** Computes in the calling thread: for small books, where a worker's start-up costs more than it saves. */
export class InlineBillComputer implements BillComputer {
  private readonly ctx: ComputeContext;

  constructor(tariffs: Readonly<Record<string, TariffDocument>>, thresholds: AuditThresholds) {
    this.ctx = { tariffs: compileAll(tariffs), books: new Map(), thresholds };
  }

  async compute(rows: BillDeterminantTable[], history: ChunkHistory, calculatedAt: string): Promise<ComputedChunk> {
    return computeChunk(this.ctx, rows, history, calculatedAt);
  }

  async close(): Promise<void> {}
}
