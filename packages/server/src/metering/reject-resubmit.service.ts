import { AppError, type Clock, type Issue } from '@meterflow/core';
import { parseIntervalCsv } from '@meterflow/protocols';
import type { Store } from '@meterflow/store';
import type { IngestService } from './ingest.service.ts';

/** Longest corrected row or message accepted (the same as what a rejected one keeps). */
export const RESUBMIT_RAW_CHARS_MAX = 64 * 1024;

export interface ResubmitResult {
  rejectId: number;
  status: 'corrected';
  reads: number;
}

/**
 * Correct and resubmit: a clerk sends the fixed text of a rejected CSV row or MQTT message; it
 * goes through the same checks as the original, and only when it passes is it stored and the
 * rejected row closed as corrected (by the clerk). A row that still fails stays open with the new
 * problems in the error.
 */
export class RejectResubmitService {
  constructor(
    private readonly store: Store,
    private readonly ingest: IngestService,
    private readonly clock: Clock,
  ) {}

  async resubmit(id: number, raw: string, userId: string): Promise<ResubmitResult> {
    const batches = this.store.metering.batches;
    const reject = await batches.reject(id);
    if (!reject) throw new AppError('NOT_FOUND', `rejected row ${id} not found`);
    if (reject.status !== 'open') throw new AppError('STATE_INVALID', `rejected row ${id} is ${reject.status}`);
    if (raw.length === 0 || raw.length > RESUBMIT_RAW_CHARS_MAX)
      throw new AppError('VALIDATION_FAILED', 'corrected text is empty or too long', [
        { path: '/raw', message: `1 to ${RESUBMIT_RAW_CHARS_MAX} characters` },
      ]);
    const batch = await batches.get(reject.batchId);
    const by = `resubmit:${reject.batchId}`;
    let reads: number;
    if (batch?.source === 'csv') reads = await this.csvRow(raw, reject.line, by);
    else if (batch?.source === 'mqtt') reads = await this.mqttMessage(raw, batch.name, by);
    else throw new AppError('STATE_INVALID', `rows from "${batch?.source ?? 'unknown'}" cannot be resubmitted here`);
    await batches.resolveReject(id, 'corrected', userId, this.clock.now().toISOString());
    return { rejectId: id, status: 'corrected', reads };
  }

  /** One interval CSV v1 row; the header is rebuilt from its number of value cells. */
  private async csvRow(raw: string, line: number, by: string): Promise<number> {
    const row = raw.replace(/\r?\n$/, '');
    if (/[\r\n]/.test(row))
      throw new AppError('VALIDATION_FAILED', 'send one row', [{ path: '/raw', message: 'more than one line' }]);
    const values = row.split(',').length - 3;
    const header = ['meter', 'channel', 'date', ...Array.from({ length: Math.max(0, values) }, (_, i) => `v${i + 1}`)];
    const parsed = parseIntervalCsv(`${header.join(',')}\n${row}\n`);
    if (parsed.errors.length || parsed.blocks.length !== 1) {
      const issues: Issue[] = parsed.errors.map((e) => ({
        path: `line ${line} column ${e.column} (${e.field})`,
        message: e.message,
      }));
      throw new AppError('VALIDATION_FAILED', `the corrected row still has ${issues.length} problem(s)`, issues);
    }
    return (await this.ingest.storeBlocks(parsed.blocks, by)).reads;
  }

  /** A reading message (JSON) or an interval batch (`base64:`) sent again on its original topic. */
  private async mqttMessage(raw: string, topic: string, by: string): Promise<number> {
    const m = /\/meters\/([^/]+)\/(reads|interval)$/.exec(topic);
    if (raw.startsWith('base64:'))
      return (await this.ingest.ingestBatchPayload(Buffer.from(raw.slice(7), 'base64'), by, m?.[1])).reads;
    if (!m || m[2] !== 'reads') throw new AppError('STATE_INVALID', `topic ${topic} does not take a reading message`);
    let msg: unknown;
    try {
      msg = JSON.parse(raw);
    } catch (e) {
      throw new AppError('VALIDATION_FAILED', 'the corrected message is not JSON', [
        { path: '/raw', message: e instanceof Error ? e.message : 'not JSON' },
      ]);
    }
    const r = await this.ingest.ingestMessage(m[1], msg, 'head-end', by);
    return r.reads + r.registers + r.freezes + r.events;
  }
}
