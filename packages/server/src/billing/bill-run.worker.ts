// A bill-run worker thread: compiles the tariffs once, then calculates and audits chunks.
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditThresholds, TariffDocument } from '@meterflow/core/billing/index';
import { compileAll } from './tariff-catalogue.ts';
import { computeChunk, type ComputeContext } from './compute-bills.ts';
import type { WorkerJob, WorkerReply } from './worker-messages.ts';

const init = workerData as { tariffs: Record<string, TariffDocument>; thresholds: AuditThresholds };
const ctx: ComputeContext = { tariffs: compileAll(init.tariffs), books: new Map(), thresholds: init.thresholds };
const port = parentPort!;

port.on('message', (job: WorkerJob) => {
  let reply: WorkerReply;
  try {
    reply = { id: job.id, result: computeChunk(ctx, job.rows, job.history, job.calculatedAt) };
  } catch (e) {
    reply = { id: job.id, error: e instanceof Error ? e.message : String(e) };
  }
  port.postMessage(reply);
});
