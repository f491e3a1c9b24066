import { accessSync, closeSync, constants, fsyncSync, openSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type BetterSqlite3 from 'better-sqlite3';
import { sql, type Kysely } from 'kysely';
import { AppError } from '@meterflow/core';
import type { Database } from '../schema.ts';
import { FlushAhead } from '../wal-flush-ahead.ts';
import type { BillAuditResultTable, BillRunTable, BillTable } from './billing-schema.ts';
import { insertBillRows } from './bill-rows.ts';
import { billRowsOfBatch, insertBillBatch, type BillBatch } from './bill-batch.ts';
import {
  attachStages,
  copyStagedChunk,
  createStageFile,
  detachStages,
  removeStageFile,
  type AttachedStage,
} from './bill-stage.ts';
import type { DeterminantBatch } from './determinant-batch.ts';

/** Page cache of a bulk run's connection (KiB): the bills' indexes stay in memory while they grow. */
export const BULK_RUN_CACHE_KIB = 65_536;
/**
 * WAL pages between automatic checkpoints during a bulk run (default 1,000): 1 GiB of log, more
 * than a million bills write, so a city's run checkpoints once, after it, and a larger run stays bounded.
 */
export const BULK_RUN_AUTOCHECKPOINT_PAGES = 262_144;
/** Attempts, 50 ms apart, to detach a run's stages once the shared connection is out of a transaction. */
const STAGE_DETACH_TRIES = 200;

function detachLater(sqlite: BetterSqlite3.Database, stages: AttachedStage[], tries: number): void {
  setTimeout(() => {
    if (!sqlite.open) return;
    if (sqlite.inTransaction && tries > 1) return detachLater(sqlite, stages, tries - 1);
    try {
      detachStages(sqlite, stages);
    } catch {
      // Still busy after ten seconds: the aliases stay attached to files already removed, harmless.
    }
  }, 50).unref();
}

/** How often a bulk run's write-ahead log is written to disk in the background (wal-flush-ahead.ts). */
export const BULK_RUN_FLUSH_AHEAD_MS = 250;

/** A bulk run's stages, attached to the writer; `close()` detaches and deletes them. */
export interface BillStages {
  stages: readonly AttachedStage[];
  close(): void;
}

let stageSeq = 0;

/**
 * Where stages live: shared memory when the system has it (a stage is rewritten every chunk and
 * never needs the disk), else the temporary directory. `MF_BILL_STAGE_DIR` overrides both.
 */
function stageDirectory(): string {
  const chosen = process.env.MF_BILL_STAGE_DIR;
  if (chosen) return chosen;
  try {
    accessSync('/dev/shm', constants.W_OK);
    return '/dev/shm';
  } catch {
    return tmpdir();
  }
}

/** What `relaxForBulkRun` hands back: make the run's commits durable, then put the settings back. */
export interface BulkRunSettings {
  durable(): void;
  restore(): void;
}

/** fsync of a file by name (the write-ahead log: every frame committed so far reaches the disk). */
function fsyncFile(path: string): void {
  const fd = openSync(path, 'r+');
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

export const BILL_RUN_LIST_MAX = 500;

/** Who runs a book's cycle and until when their lease holds. */
export interface RunLease {
  readingBookId: string;
  cycle: string;
  holder: string;
}

/** One chunk of a run: its bills, their audit reasons, and where the run stands after it. */
export interface RunChunk {
  bills: readonly BillTable[];
  auditResults: readonly BillAuditResultTable[];
  cursor: string;
  accountsDone: number;
  leaseExpiresAt: string;
}

/**
 * Bill runs per (reading book, cycle) with a lease: `acquire` takes a run that is new, expired,
 * failed or already the caller's; `commitChunk` stores a chunk's bills and moves the cursor in one
 * transaction, and only while the caller still holds the lease — so a killed run resumes exactly
 * after its last committed chunk and two runners never bill the same book.
 */
export class BillRunRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sqlite?: BetterSqlite3.Database,
  ) {}

  /** Takes (or renews) the run's lease; undefined when another holder's lease is still valid. */
  async acquire(
    lease: RunLease,
    o: {
      now: string;
      expiresAt: string;
      accountsTotal: number;
      startedBy: string;
      /** Take the lease from this holder even before it expires (the caller knows it is dead). */
      takeOverFrom?: string;
    },
  ): Promise<BillRunTable | undefined> {
    const fresh: BillRunTable = {
      reading_book_id: lease.readingBookId,
      cycle: lease.cycle,
      status: 'running',
      holder: lease.holder,
      lease_expires_at: o.expiresAt,
      cursor: '',
      accounts_total: o.accountsTotal,
      accounts_done: 0,
      started_by: o.startedBy,
      started_at: o.now,
      finished_at: null,
      error: null,
    };
    await this.db
      .insertInto('bill_runs')
      .values(fresh)
      .onConflict((oc) =>
        oc
          .columns(['reading_book_id', 'cycle'])
          .doUpdateSet({
            holder: lease.holder,
            lease_expires_at: o.expiresAt,
            status: 'running',
            accounts_total: o.accountsTotal,
            // A finished run run again starts from the first account (bills already stored are kept);
            // a run that died resumes after its cursor.
            cursor: sql<string>`CASE WHEN bill_runs.status = 'calculated' THEN '' ELSE bill_runs.cursor END`,
            accounts_done: sql<number>`CASE WHEN bill_runs.status = 'calculated' THEN 0 ELSE bill_runs.accounts_done END`,
            started_by: o.startedBy,
            error: null,
            finished_at: null,
          })
          .where((eb) =>
            eb.or([
              eb('bill_runs.lease_expires_at', '<=', o.now),
              eb('bill_runs.holder', '=', lease.holder),
              eb('bill_runs.status', '!=', 'running'),
              eb('bill_runs.holder', '=', o.takeOverFrom ?? lease.holder),
            ]),
          ),
      )
      .execute();
    const run = await this.get(lease.readingBookId, lease.cycle);
    return run && run.holder === lease.holder && run.lease_expires_at === o.expiresAt ? run : undefined;
  }

  /** Stores one chunk atomically, refusing (CONFLICT) when the lease has passed to someone else. */
  async commitChunk(lease: RunLease, c: RunChunk): Promise<void> {
    if (this.sqlite && !this.db.isTransaction) {
      const sqlite = this.sqlite;
      sqlite.transaction(() => {
        const moved = sqlite
          .prepare(
            'UPDATE bill_runs SET cursor = ?, accounts_done = ?, lease_expires_at = ? WHERE reading_book_id = ? AND cycle = ? AND holder = ?',
          )
          .run(c.cursor, c.accountsDone, c.leaseExpiresAt, lease.readingBookId, lease.cycle, lease.holder);
        if (moved.changes !== 1) throw lostLease(lease);
        insertBillRows(sqlite, c.bills, c.auditResults);
      })();
      return;
    }
    await this.db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('bill_runs')
        .set({ cursor: c.cursor, accounts_done: c.accountsDone, lease_expires_at: c.leaseExpiresAt })
        .where('reading_book_id', '=', lease.readingBookId)
        .where('cycle', '=', lease.cycle)
        .where('holder', '=', lease.holder)
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1) throw lostLease(lease);
      await insertBillRows(trx, c.bills, c.auditResults);
    });
  }

  /**
   * Stores a batch's bills (revision 0) and audit reasons and moves the cursor in one transaction,
   * only while the lease holds; returns how many bills were new (a rerun inserts none).
   */
  async commitBatch(
    lease: RunLease,
    det: DeterminantBatch,
    bills: BillBatch,
    c: Omit<RunChunk, 'bills' | 'auditResults'> & {
      calculatedAt: string;
      /** The chunk's rows wait in this attached stage (bill-stage.ts) rather than in `bills`. */
      stagedIn?: string;
    },
  ): Promise<number> {
    if (c.stagedIn !== undefined && (!this.sqlite || this.db.isTransaction))
      throw new Error('a staged chunk can only be committed on the SQLite connection it is attached to');
    if (this.sqlite && !this.db.isTransaction) {
      const sqlite = this.sqlite;
      const stage = c.stagedIn;
      const audit = sqlite.prepare(
        'INSERT INTO bill_audit_results (bill_id, rule, params, created_at) VALUES (?, ?, ?, ?) ON CONFLICT DO NOTHING',
      );
      return sqlite.transaction(() => {
        const moved = sqlite
          .prepare(
            'UPDATE bill_runs SET cursor = ?, accounts_done = ?, lease_expires_at = ? WHERE reading_book_id = ? AND cycle = ? AND holder = ?',
          )
          .run(c.cursor, c.accountsDone, c.leaseExpiresAt, lease.readingBookId, lease.cycle, lease.holder);
        if (moved.changes !== 1) throw lostLease(lease);
        if (stage !== undefined) return copyStagedChunk(sqlite, stage, det, c.calculatedAt);
        const inserted = insertBillBatch(sqlite, det, bills, c.calculatedAt);
        for (let k = 0; k < bills.auditRows.length; k++) {
          const id = `${det.accountIds[bills.auditRows[k]]}.${det.cycle}.0`;
          audit.run(id, bills.auditRules[k], bills.auditParams[k], c.calculatedAt);
        }
        return inserted;
      })();
    }
    const rows = billRowsOfBatch(det, bills, c.calculatedAt);
    const before = await this.countBills(lease.readingBookId, lease.cycle);
    await this.commitChunk(lease, { ...c, bills: rows.bills, auditResults: rows.auditResults });
    return (await this.countBills(lease.readingBookId, lease.cycle)) - before;
  }

  private async countBills(readingBookId: string, cycle: string): Promise<number> {
    const r = await this.db
      .selectFrom('bills')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .where('reading_book_id', '=', readingBookId)
      .where('cycle', '=', cycle)
      .executeTakeFirst();
    return Number(r?.n ?? 0);
  }

  /**
   * Stages for a bulk run's computing threads (bill-stage.ts): `count` scratch files in the temporary
   * directory, attached to the writer's connection. Undefined where there is no SQLite file to share,
   * or when SQLite refuses more attached databases (the run then binds rows itself).
   */
  openStages(count: number): BillStages | undefined {
    const sqlite = this.sqlite;
    if (!sqlite || sqlite.memory || sqlite.inTransaction) return undefined;
    const seq = ++stageSeq;
    const paths = Array.from({ length: count }, (_, n) =>
      join(stageDirectory(), `mf-bill-stage-${process.pid}-${seq}-${n}.db`),
    );
    let attached: AttachedStage[] = [];
    try {
      for (const p of paths) createStageFile(p);
      attached = attachStages(sqlite, paths, `bill_stage_${seq}`);
    } catch {
      for (const p of paths) removeStageFile(p);
      return undefined;
    }
    return {
      stages: attached,
      close: () => {
        try {
          // SQLite detaches nothing inside a transaction: a run inside the server may end while
          // another request's transaction holds the shared connection. The detach then waits for
          // it; the files go now (an attached file can be unlinked; its space is freed at detach).
          if (sqlite.inTransaction) detachLater(sqlite, attached, STAGE_DETACH_TRIES);
          else detachStages(sqlite, attached);
        } finally {
          for (const p of paths) removeStageFile(p);
        }
      },
    };
  }

  /**
   * For a whole-cycle run on SQLite: commits without an fsync each (`synchronous=NORMAL`: a crash
   * of the process loses nothing; a power cut may lose the last chunks together with the cursor
   * that names them, so the run redoes them), a larger page cache, and the log checkpointed only
   * past `BULK_RUN_AUTOCHECKPOINT_PAGES`, so the run's pages are copied into the database once,
   * afterwards, instead of every few seconds while it writes.
   *
   * `durable()` ends the relaxed commits before the run reports success: it restores the level and
   * fsyncs the write-ahead log, which holds every committed page (what the run wrote is then as
   * safe as after a checkpoint). `restore()` puts the cache and checkpoint interval back and copies
   * the log into the database (PASSIVE: it waits for no one). No-ops elsewhere.
   */
  relaxForBulkRun(): BulkRunSettings {
    const sqlite = this.sqlite;
    if (!sqlite || sqlite.memory) return { durable: () => undefined, restore: () => undefined };
    const level = Number(sqlite.pragma('synchronous', { simple: true }));
    const cache = Number(sqlite.pragma('cache_size', { simple: true }));
    const autoCheckpoint = Number(sqlite.pragma('wal_autocheckpoint', { simple: true }));
    sqlite.pragma('synchronous = NORMAL');
    sqlite.pragma(`cache_size = -${BULK_RUN_CACHE_KIB}`);
    sqlite.pragma(`wal_autocheckpoint = ${BULK_RUN_AUTOCHECKPOINT_PAGES}`);
    // The log's pages go to disk while the run computes, so the final fsync has little left to write.
    const ahead = new FlushAhead(`${sqlite.name}-wal`, BULK_RUN_FLUSH_AHEAD_MS);
    let durable = false;
    return {
      durable: () => {
        if (durable) return;
        durable = true;
        ahead.stop();
        sqlite.pragma(`synchronous = ${level}`);
        fsyncFile(`${sqlite.name}-wal`);
      },
      restore: () => {
        ahead.stop();
        sqlite.pragma(`cache_size = ${cache}`);
        sqlite.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
        sqlite.pragma('wal_checkpoint(PASSIVE)');
      },
    };
  }

  /** Ends the run: calculated (lease released) or failed with the error. */
  async finish(lease: RunLease, at: string, error?: string): Promise<void> {
    await this.db
      .updateTable('bill_runs')
      .set({ status: error ? 'failed' : 'calculated', finished_at: at, lease_expires_at: at, error: error ?? null })
      .where('reading_book_id', '=', lease.readingBookId)
      .where('cycle', '=', lease.cycle)
      .where('holder', '=', lease.holder)
      .execute();
  }

  async get(readingBookId: string, cycle: string): Promise<BillRunTable | undefined> {
    return this.db
      .selectFrom('bill_runs')
      .selectAll()
      .where('reading_book_id', '=', readingBookId)
      .where('cycle', '=', cycle)
      .executeTakeFirst();
  }

  /** Recent runs, newest cycle first, optionally of some reading books. */
  async list(f: { readingBookIds?: readonly string[]; cycle?: string; limit?: number }): Promise<BillRunTable[]> {
    let q = this.db.selectFrom('bill_runs').selectAll();
    if (f.readingBookIds) q = q.where('reading_book_id', 'in', f.readingBookIds.length ? [...f.readingBookIds] : ['']);
    if (f.cycle) q = q.where('cycle', '=', f.cycle);
    return q
      .orderBy('cycle', 'desc')
      .orderBy('reading_book_id')
      .limit(Math.min(f.limit ?? 100, BILL_RUN_LIST_MAX))
      .execute();
  }

  /** Counts of a book's bills by status in a cycle (latest revisions and rebills included). */
  async statusCounts(readingBookId: string, cycle: string): Promise<Record<string, number>> {
    const rows = await this.db
      .selectFrom('bills')
      .select(['status', sql<number>`count(*)`.as('n')])
      .where('reading_book_id', '=', readingBookId)
      .where('cycle', '=', cycle)
      .groupBy('status')
      .execute();
    const out: Record<string, number> = {};
    for (const r of rows) out[r.status] = Number(r.n);
    return out;
  }
}

function lostLease(lease: RunLease): AppError {
  return new AppError(
    'CONFLICT',
    `bill run of reading book ${lease.readingBookId} cycle ${lease.cycle} is held by another runner`,
  );
}
