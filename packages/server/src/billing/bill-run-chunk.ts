import type { DeterminantReader } from '@meterflow/store';
import type { ComputeContext } from './compute-bills.ts';
import { computeBillColumns } from './compute-bill-batch.ts';
import { joinForReply, type WorkerJob, type WorkerReply } from './worker-messages.ts';

/**
 * What a bill-run worker does with one job: read the range (when the main thread did not send the
 * determinants), calculate and audit it, and shape the reply. Kept out of the worker entry so the
 * bill-compute benchmark times exactly this path in one thread.
 */
export function runWorkerJob(ctx: ComputeContext, reader: DeterminantReader | undefined, m: WorkerJob): WorkerReply {
  let det = m.det;
  let history = m.det ? m.history : undefined;
  if (!det) {
    if (!reader) throw new Error('this worker has no database file to read determinants from');
    det = reader.batch(m.job.range);
    history = reader.history(det, m.job.lastCycle, m.job.yearCycle);
  }
  const { bills, linesText } = computeBillColumns(ctx, det, history!);
  const { accountIds, ...rest } = det;
  return { id: m.id, det: rest, result: bills, accountIds: joinForReply(accountIds), lines: linesText };
}

/** The buffers a reply moves to the main thread instead of copying. */
export function transferablesOf(reply: WorkerReply): ArrayBuffer[] {
  if (reply.error !== undefined) return [];
  const d = reply.det;
  return [reply.result.values, d.values, d.customerClass, d.tariffId, d.periodFrom, d.periodTo].map(
    (a) => a.buffer as ArrayBuffer,
  );
}
