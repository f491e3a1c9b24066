import type { BillStageWriter } from '@meterflow/store';
import { splitReply, type WorkerReply } from './worker-messages.ts';

type Computed = Extract<WorkerReply, { error?: undefined }>;

/**
 * Writes a computed chunk into the job's stage (store's bill-stage.ts) and leaves its lines out of
 * the reply: the writer copies the rows from the stage instead of binding them itself.
 */
export function stageReply(writer: BillStageWriter, stage: string, reply: Computed): void {
  const n = reply.det.n;
  writer.write(
    stage,
    { ...reply.det, accountIds: splitReply(reply.accountIds, n) },
    { ...reply.result, lines: splitReply(reply.lines, n) },
  );
  reply.lines = '';
  reply.staged = true;
}
