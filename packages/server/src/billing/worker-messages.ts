import type { BillBatch, DeterminantBatch, RangeHistory } from '@meterflow/store';
import type { BatchJob } from './bill-computer.ts';

/**
 * A chunk sent to a bill-run worker: the range to read itself (it has its own read-only connection
 * to the database file), or the determinants already read by the main thread (other databases).
 */
export type WorkerJob = (
  | { id: number; job: BatchJob; det?: undefined }
  | { id: number; job: BatchJob; det: DeterminantBatch; history: RangeHistory }
) & {
  /** A stage file (store's bill-stage.ts) to write the computed rows into instead of replying with them. */
  stage?: string;
};

/**
 * A worker's answer: the determinants read and the computed bills, or the error that stopped it.
 * Account ids and encoded lines travel as one newline-joined string each (ids and JSON lines never
 * hold a raw newline): one string is cloned far faster than thousands.
 */
export type WorkerReply =
  | {
      id: number;
      det: Omit<DeterminantBatch, 'accountIds'>;
      result: Omit<BillBatch, 'lines'>;
      accountIds: string;
      /** Empty when the rows went to the job's stage. */
      lines: string;
      staged?: boolean;
      error?: undefined;
    }
  | { id: number; error: string };

/** Joins strings for a reply (see WorkerReply). */
export const joinForReply = (xs: readonly string[]): string => xs.join('\n');
/** Splits a reply's joined strings back. */
export const splitReply = (s: string, n: number): string[] => (n === 0 ? [] : s.split('\n'));
