import { randomUUID } from 'node:crypto';
import { AppError, addDays, localDate, type Clock, type Issue } from '@meterflow/core';
import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import type { MeterEvent } from '@meterflow/core/metering/meter-event';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { decodeIntervalBatch, parseIntervalCsv, type CsvRowError } from '@meterflow/protocols';
import { parseMeterReadingMessage } from '@meterflow/protocols/meter-message/index';
import { STORE_READS_BLOCKS_MAX, type StoreReadsResult, type Store } from '@meterflow/store';

/** Characters of a rejected message kept for correction. */
export const REJECT_RAW_CHARS_MAX = 64 * 1024;

/** What one ingest call stored. */
export interface IngestResult extends StoreReadsResult {
  registers: number;
  freezes: number;
  events: number;
}

/** The per-row report of a CSV import: every bad row at once; accepted rows are stored. */
export interface CsvImportReport {
  batchId: string;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  readsStored: number;
  stored: StoreReadsResult;
  errors: CsvRowError[];
  errorsTruncated: boolean;
}

const emptyResult = (): IngestResult => ({
  inserted: 0,
  merged: 0,
  unchanged: 0,
  reads: 0,
  registers: 0,
  freezes: 0,
  events: 0,
});

/**
 * Acquisition: interval batches, JSON reading messages and CSV files into the store. Every path
 * is idempotent (a duplicate changes nothing), accepts late and out-of-order reads, and leaves a
 * record of anything it could not accept.
 */
export class IngestService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  /** Stores acquired blocks in transactions of at most STORE_READS_BLOCKS_MAX blocks. */
  async storeBlocks(blocks: readonly IntervalBlock[], by: string): Promise<StoreReadsResult> {
    const total: StoreReadsResult = { inserted: 0, merged: 0, unchanged: 0, reads: 0 };
    const at = this.clock.now().toISOString();
    for (let i = 0; i < blocks.length; i += STORE_READS_BLOCKS_MAX) {
      const r = await this.store.metering.blocks.storeReads(blocks.slice(i, i + STORE_READS_BLOCKS_MAX), at, by);
      total.inserted += r.inserted;
      total.merged += r.merged;
      total.unchanged += r.unchanged;
      total.reads += r.reads;
    }
    return total;
  }

  /** An MFIB payload, accepted or rejected whole; `meterId` restricts it to one meter's blocks. */
  async ingestBatchPayload(bytes: Uint8Array, by: string, meterId?: string): Promise<StoreReadsResult> {
    const blocks = decodeIntervalBatch(bytes);
    if (meterId !== undefined) {
      const issues: Issue[] = [];
      blocks.forEach((b, i) => {
        if (b.meterId !== meterId) issues.push({ path: `/blocks/${i}/meterId`, message: `is not ${meterId}` });
      });
      if (issues.length)
        throw new AppError('VALIDATION_FAILED', `blocks of other meters on ${meterId}'s topic`, issues);
    }
    return this.storeBlocks(blocks, by);
  }

  /** One meter's JSON reading message; VALIDATION_FAILED with every problem, nothing stored, when bad. */
  async ingestMessage(meterId: string, msg: unknown, source: MeterEvent['source'], by: string): Promise<IngestResult> {
    const parsed = parseMeterReadingMessage(meterId, msg, source, this.zone);
    if (parsed.issues.length) {
      throw new AppError(
        'VALIDATION_FAILED',
        `reading message of ${meterId}: ${parsed.issues.length} problem(s), first at ${parsed.issues[0].path}: ${parsed.issues[0].message}`,
        parsed.issues,
      );
    }
    const result = { ...emptyResult(), ...(await this.storeBlocks(parsed.blocks, by)) };
    const at = this.clock.now().toISOString();
    const reads = this.store.metering.reads;
    const src = source === 'simulator' ? 'simulator' : by;
    result.registers = await reads.insertRegisterReads(
      parsed.registers.map((r) => ({ ...r, quality: QUALITY.ACTUAL, source: src })),
      at,
    );
    result.freezes = await reads.insertDailyFreezes(
      parsed.freezes.map((r) => ({ ...r, quality: QUALITY.ACTUAL, source: src })),
      at,
    );
    result.events = await reads.insertEvents(parsed.events, at);
    if (result.freezes > 0 || result.events > 0) await this.recheck(parsed.freezes, parsed.events);
    return result;
  }

  /** A freeze completes the register of the day before it; an event belongs to its day: VEE looks again. */
  private async recheck(freezes: { meterId: string; date: string }[], events: MeterEvent[]): Promise<void> {
    const keys = new Map<string, { meterId: string; channel: number; date: string }>();
    for (const f of freezes) {
      for (const date of [f.date, addDays(f.date, -1)])
        keys.set(`${f.meterId}/${date}`, { meterId: f.meterId, channel: 1, date });
    }
    for (const e of events) {
      const date = localDate(new Date(e.atUtc), this.zone);
      keys.set(`${e.meterId}/${date}`, { meterId: e.meterId, channel: 1, date });
    }
    await this.store.metering.blocks.markPending([...keys.values()]);
  }

  /** Keeps a message that could not be accepted (malformed JSON, a corrupt batch) for correction. */
  async rejectMessage(source: string, name: string, raw: string, issues: readonly Issue[]): Promise<string> {
    const batchId = `ib-${randomUUID()}`;
    await this.store.metering.batches.record(
      {
        id: batchId,
        source,
        name,
        receivedAt: this.clock.now().toISOString(),
        receivedBy: null,
        rowsRead: 1,
        rowsAccepted: 0,
        rowsRejected: 1,
        readsStored: 0,
      },
      [{ line: 1, raw: raw.slice(0, REJECT_RAW_CHARS_MAX), errors: [...issues] }],
    );
    return batchId;
  }

  /** Interval CSV v1: accepted rows are stored, every rejected row is kept with its problems. */
  async importCsv(bytes: Uint8Array, name: string, userId: string | null): Promise<CsvImportReport> {
    const parsed = parseIntervalCsv(bytes);
    const batchId = `ib-${randomUUID()}`;
    const stored = await this.storeBlocks(parsed.blocks, `csv:${batchId}`);
    const byLine = new Map<number, CsvRowError[]>();
    for (const e of parsed.errors) byLine.set(e.line, [...(byLine.get(e.line) ?? []), e]);
    const raw = lineTexts(bytes, [...byLine.keys()]);
    const rejects = [...byLine].map(([line, errs]) => ({
      line,
      raw: (raw.get(line) ?? '').slice(0, REJECT_RAW_CHARS_MAX),
      errors: errs.map((e) => ({ path: `line ${line} column ${e.column} (${e.field})`, message: e.message })),
    }));
    const rowsRejected = parsed.rowsRead - parsed.blocks.length;
    await this.store.metering.batches.record(
      {
        id: batchId,
        source: 'csv',
        name,
        receivedAt: this.clock.now().toISOString(),
        receivedBy: userId,
        rowsRead: parsed.rowsRead,
        rowsAccepted: parsed.blocks.length,
        rowsRejected,
        readsStored: stored.reads,
      },
      rejects,
    );
    return {
      batchId,
      rowsRead: parsed.rowsRead,
      rowsAccepted: parsed.blocks.length,
      rowsRejected,
      readsStored: stored.reads,
      stored,
      errors: parsed.errors,
      errorsTruncated: parsed.errorsTruncated,
    };
  }
}

/** The text of the given 1-based lines, found with one scan for line feeds. */
function lineTexts(bytes: Uint8Array, lines: number[]): Map<number, string> {
  const out = new Map<number, string>();
  if (lines.length === 0) return out;
  const wanted = new Set(lines);
  const decoder = new TextDecoder();
  let line = 1;
  let start = 0;
  for (let i = 0; i <= bytes.length; i++) {
    if (i === bytes.length || bytes[i] === 10) {
      if (wanted.has(line)) out.set(line, decoder.decode(bytes.subarray(start, i)).replace(/\r$/, ''));
      line++;
      start = i + 1;
      if (out.size === wanted.size) break;
    }
  }
  return out;
}
