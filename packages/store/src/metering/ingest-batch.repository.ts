import type { Kysely, Selectable } from 'kysely';
import { AppError, type Issue } from '@meterflow/core';
import type { Database } from '../schema.ts';
import type { IngestRejectTable } from './metering-schema.ts';

/** Rejected rows kept per batch (the parser reports at most this many problems anyway). */
export const REJECTS_PER_BATCH_MAX = 10_000;
const REJECT_INSERT_CHUNK = 200;
/** Rows per page of the rejects list. */
export const REJECT_PAGE_MAX = 500;

export interface IngestBatch {
  id: string;
  source: string;
  name: string;
  receivedAt: string;
  receivedBy: string | null;
  rowsRead: number;
  rowsAccepted: number;
  rowsRejected: number;
  readsStored: number;
}

/** A row that was not accepted: its raw text and every problem, kept for correction. */
export interface IngestReject {
  id: number;
  batchId: string;
  line: number;
  raw: string;
  errors: Issue[];
  status: 'open' | 'corrected' | 'discarded';
  resolvedAt: string | null;
  resolvedBy: string | null;
}

/** Ingestion batches and their rejected rows: nothing offered is dropped without a trace. */
export class IngestBatchRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async record(
    batch: IngestBatch,
    rejects: readonly Omit<IngestReject, 'id' | 'batchId' | 'status' | 'resolvedAt' | 'resolvedBy'>[],
  ): Promise<void> {
    await this.db
      .insertInto('ingest_batches')
      .values({
        id: batch.id,
        source: batch.source,
        name: batch.name,
        received_at: batch.receivedAt,
        received_by: batch.receivedBy,
        rows_read: batch.rowsRead,
        rows_accepted: batch.rowsAccepted,
        rows_rejected: batch.rowsRejected,
        reads_stored: batch.readsStored,
      })
      .execute();
    const kept = rejects.slice(0, REJECTS_PER_BATCH_MAX);
    for (let i = 0; i < kept.length; i += REJECT_INSERT_CHUNK) {
      await this.db
        .insertInto('ingest_rejects')
        .values(
          kept.slice(i, i + REJECT_INSERT_CHUNK).map((r) => ({
            batch_id: batch.id,
            line: r.line,
            raw: r.raw,
            errors: JSON.stringify(r.errors),
            status: 'open',
            resolved_at: null,
            resolved_by: null,
          })),
        )
        .execute();
    }
  }

  async get(id: string): Promise<IngestBatch | undefined> {
    const r = await this.db.selectFrom('ingest_batches').selectAll().where('id', '=', id).executeTakeFirst();
    return (
      r && {
        id: r.id,
        source: r.source,
        name: r.name,
        receivedAt: r.received_at,
        receivedBy: r.received_by,
        rowsRead: Number(r.rows_read),
        rowsAccepted: Number(r.rows_accepted),
        rowsRejected: Number(r.rows_rejected),
        readsStored: Number(r.reads_stored),
      }
    );
  }

  /** One rejected row by id. */
  async reject(id: number): Promise<IngestReject | undefined> {
    const r = await this.db.selectFrom('ingest_rejects').selectAll().where('id', '=', id).executeTakeFirst();
    return r && toReject(r);
  }

  /** Rejected rows, of one batch or all, oldest first. */
  async rejects(filter: {
    batchId?: string;
    status?: IngestReject['status'];
    limit: number;
    offset: number;
  }): Promise<IngestReject[]> {
    let q = this.db.selectFrom('ingest_rejects').selectAll();
    if (filter.batchId) q = q.where('batch_id', '=', filter.batchId);
    if (filter.status) q = q.where('status', '=', filter.status);
    const rows = await q.orderBy('id').limit(Math.min(filter.limit, REJECT_PAGE_MAX)).offset(filter.offset).execute();
    return rows.map(toReject);
  }

  /** Closes an open rejected row as corrected (resubmitted) or discarded (with the clerk named). */
  async resolveReject(id: number, status: 'corrected' | 'discarded', by: string, atUtc: string): Promise<void> {
    const r = await this.db
      .updateTable('ingest_rejects')
      .set({ status, resolved_at: atUtc, resolved_by: by })
      .where('id', '=', id)
      .where('status', '=', 'open')
      .executeTakeFirst();
    if (Number(r.numUpdatedRows) !== 1) throw new AppError('STATE_INVALID', `rejected row ${id} is not open`);
  }
}

function toReject(r: Selectable<IngestRejectTable>): IngestReject {
  return {
    id: Number(r.id),
    batchId: r.batch_id,
    line: Number(r.line),
    raw: r.raw,
    errors: JSON.parse(r.errors) as Issue[],
    status: r.status as IngestReject['status'],
    resolvedAt: r.resolved_at,
    resolvedBy: r.resolved_by,
  };
}
