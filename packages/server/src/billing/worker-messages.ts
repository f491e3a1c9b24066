import type { BillDeterminantTable } from '@meterflow/store';
import type { ChunkHistory, ComputedChunk } from './compute-bills.ts';

/** A chunk sent to a bill-run worker. */
export interface WorkerJob {
  id: number;
  rows: BillDeterminantTable[];
  history: ChunkHistory;
  calculatedAt: string;
}

/** A worker's answer: the computed chunk, or the error that stopped it. */
export type WorkerReply = { id: number; result: ComputedChunk; error?: undefined } | { id: number; error: string };
