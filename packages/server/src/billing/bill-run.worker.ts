// A bill-run worker thread: compiles the tariffs once, then reads (on its own read-only
// connection, when given a database file), calculates and audits chunks.
import { getPriority, setPriority } from 'node:os';
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditThresholds, TariffDocument } from '@meterflow/core/billing/index';
import { BillStageWriter, DeterminantReader } from '@meterflow/store';
import { compileAll } from './tariff-catalogue.ts';
import type { ComputeContext } from './compute-bills.ts';
import { computeJob, replyOf, transferablesOf } from './bill-run-chunk.ts';
import type { WorkerJob, WorkerReply } from './worker-messages.ts';

const init = workerData as {
  tariffs: Record<string, TariffDocument>;
  thresholds: AuditThresholds;
  databaseFile?: string;
};
// Computing threads yield to the run's writer (and to the rest of the machine) when cores are
// short: the single writer is the pipeline's bottleneck. On Linux the nice value is per thread.
try {
  setPriority(Math.min(19, getPriority() + 10));
} catch {
  // A platform that refuses only loses the preference.
}
// The pool validated the documents before starting this thread.
const ctx: ComputeContext = {
  tariffs: compileAll(init.tariffs, { validated: true }),
  books: new Map(),
  thresholds: init.thresholds,
};
const reader = init.databaseFile ? DeterminantReader.openFile(init.databaseFile) : undefined;
const stages = new BillStageWriter();
const port = parentPort!;

port.on('message', (m: WorkerJob) => {
  let reply: WorkerReply;
  try {
    const computed = computeJob(ctx, reader, m);
    if (m.stage) {
      // The rows go to the job's stage for the writer to copy; the reply keeps the rest.
      stages.write(m.stage, computed.det, computed.bills);
      reply = replyOf(m.id, { det: computed.det, bills: { ...computed.bills, lines: [] } });
      if (reply.error === undefined) reply.staged = true;
    } else reply = replyOf(m.id, computed);
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
  // Typed arrays travel as moved buffers, not copies.
  port.postMessage(reply, transferablesOf(reply));
});
