// A bill-run worker thread: compiles the tariffs once, then reads (on its own read-only
// connection, when given a database file), calculates and audits chunks.
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditThresholds, TariffDocument } from '@meterflow/core/billing/index';
import { BillStageWriter, DeterminantReader } from '@meterflow/store';
import { compileAll } from './tariff-catalogue.ts';
import type { ComputeContext } from './compute-bills.ts';
import { runWorkerJob, transferablesOf } from './bill-run-chunk.ts';
import { stageReply } from './bill-stage-reply.ts';
import type { WorkerJob, WorkerReply } from './worker-messages.ts';

const init = workerData as {
  tariffs: Record<string, TariffDocument>;
  thresholds: AuditThresholds;
  databaseFile?: string;
};
const ctx: ComputeContext = { tariffs: compileAll(init.tariffs), books: new Map(), thresholds: init.thresholds };
const reader = init.databaseFile ? DeterminantReader.openFile(init.databaseFile) : undefined;
const stages = new BillStageWriter();
const port = parentPort!;

port.on('message', (m: WorkerJob) => {
  let reply: WorkerReply;
  try {
    reply = runWorkerJob(ctx, reader, m);
    if (m.stage && reply.error === undefined) stageReply(stages, m.stage, reply);
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
  // Typed arrays travel as moved buffers, not copies.
  port.postMessage(reply, transferablesOf(reply));
});
