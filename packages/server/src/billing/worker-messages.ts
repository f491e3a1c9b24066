import type { BillBatch, DeterminantBatch, RangeHistory } from '@meterflow/store';
import type { BatchJob } from './bill-computer.ts';

/**
 * A chunk sent to a bill-run worker: the range to read itself (it has its own read-only connection
 * to the database file), or the determinants already read by the main thread (other databases).
 */
export type WorkerJob =
  | { id: number; job: BatchJob; det?: undefined }
  | { id: number; job: BatchJob; det: DeterminantBatch; history: RangeHistory };

/** A worker's answer: the determinants read and the computed bills, or the error that stopped it. */
export type WorkerReply =
  { id: number; det: DeterminantBatch; result: BillBatch; error?: undefined } | { id: number; error: string };
