// A bill-run worker thread: compiles the tariffs once, then reads (on its own read-only
// connection, when given a database file), calculates and audits chunks.
import { parentPort, workerData } from 'node:worker_threads';
import type { AuditThresholds, TariffDocument } from '@meterflow/core/billing/index';
import { DeterminantReader } from '@meterflow/store';
import { compileAll } from './tariff-catalogue.ts';
import type { ComputeContext } from './compute-bills.ts';
import { computeBillBatch } from './compute-bill-batch.ts';
import { joinForReply, type WorkerJob, type WorkerReply } from './worker-messages.ts';

const init = workerData as {
  tariffs: Record<string, TariffDocument>;
  thresholds: AuditThresholds;
  databaseFile?: string;
};
const ctx: ComputeContext = { tariffs: compileAll(init.tariffs), books: new Map(), thresholds: init.thresholds };
const reader = init.databaseFile ? DeterminantReader.openFile(init.databaseFile) : undefined;
const port = parentPort!;

function run(m: WorkerJob): WorkerReply {
  let det = m.det;
  let history = m.det ? m.history : undefined;
  if (!det) {
    if (!reader) throw new Error('this worker has no database file to read determinants from');
    det = reader.batch(m.job.range);
    history = reader.history(det, m.job.lastCycle, m.job.yearCycle);
  }
  const { lines, ...result } = computeBillBatch(ctx, det, history!);
  const { accountIds, ...rest } = det;
  return { id: m.id, det: rest, result, accountIds: joinForReply(accountIds), lines: joinForReply(lines) };
}

port.on('message', (m: WorkerJob) => {
  let reply: WorkerReply;
  try {
    reply = run(m);
  } catch (e) {
    reply = { id: m.id, error: e instanceof Error ? e.message : String(e) };
  }
  // Typed arrays travel as moved buffers, not copies.
  const moved: ArrayBuffer[] = [];
  if (reply.error === undefined) {
    const d = reply.det;
    for (const a of [reply.result.values, d.values, d.customerClass, d.tariffId, d.periodFrom, d.periodTo])
      moved.push(a.buffer as ArrayBuffer);
  }
  port.postMessage(reply, moved);
});
