import type { DeterminantReader } from '@meterflow/store';
import type { ComputeContext } from './compute-bills.ts';
import type { ComputedBatch } from './bill-computer.ts';
import { computeBillBatch } from './compute-bill-batch.ts';
import { joinForReply, type WorkerJob, type WorkerReply } from './worker-messages.ts';

/**
 * What a bill-run worker computes for one job: read the range (when the main thread did not send
 * the determinants), calculate and audit it. Kept out of the worker entry so the bill-compute
 * benchmark times exactly this path in one thread.
 */
export function computeJob(ctx: ComputeContext, reader: DeterminantReader | undefined, m: WorkerJob): ComputedBatch {
  let det = m.det;
  let history = m.det ? m.history : undefined;
  if (!det) {
    if (!reader) throw new Error('this worker has no database file to read determinants from');
    det = reader.batch(m.job.range);
    history = reader.history(det, m.job.lastCycle, m.job.yearCycle);
  }
  return { det, bills: computeBillBatch(ctx, det, history!) };
}

/** A computed job as the worker's reply (see WorkerReply). */
export function replyOf(id: number, { det, bills }: ComputedBatch): WorkerReply {
  const { lines, ...result } = bills;
  const { accountIds, ...rest } = det;
  return { id, det: rest, result, accountIds: joinForReply(accountIds), lines: joinForReply(lines) };
}

/** `computeJob` and its reply. */
export function runWorkerJob(ctx: ComputeContext, reader: DeterminantReader | undefined, m: WorkerJob): WorkerReply {
  return replyOf(m.id, computeJob(ctx, reader, m));
}

/** The buffers a reply moves to the main thread instead of copying. */
export function transferablesOf(reply: WorkerReply): ArrayBuffer[] {
  if (reply.error !== undefined) return [];
  const d = reply.det;
  return [reply.result.values, d.values, d.customerClass, d.tariffId, d.periodFrom, d.periodTo].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
