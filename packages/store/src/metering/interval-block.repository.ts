import { sql, type Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { AppError } from '@meterflow/core';
import { blockKeyString, type IntervalBlock } from '@meterflow/core/metering/interval-block';
import { mergeBlocks } from '@meterflow/core/metering/merge-blocks';
import type { BlockRevision } from '@meterflow/core/metering/block-revision';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';
import { blockContent, blockFromRow, revisionFromRow } from './block-row.ts';
import { storeReadsPostgres } from './store-reads-postgres.ts';

/** Blocks per ingest call: bounds one transaction's size and the memory of one request. */
export const STORE_READS_BLOCKS_MAX = 250_000;
/** Keys per VEE hand-out. */
export const PENDING_KEYS_MAX = 10_000;
/** Days per block query (a bit over a year). */
export const BLOCK_QUERY_DAYS_MAX = 400;

/** What an ingest call did: new blocks, blocks merged into, duplicates that changed nothing. */
export interface StoreReadsResult {
  inserted: number;
  merged: number;
  unchanged: number;
  /** Non-missing slot values in the blocks offered. */
  reads: number;
}

export interface BlockKeyRow {
  meterId: string;
  channel: number;
  date: string;
}

/** A pending as-read block, with the change mark VEE must see unchanged to clear it. */
export interface PendingBlock extends BlockKeyRow {
  mark: number;
}

/** One version of a block with who made it and why. */
export interface StoredVersion {
  block: IntervalBlock;
  kind: 'read' | 'vee' | 'edit';
  basedOnVersion: number;
  reason: string;
  by: string;
  atUtc: string;
}

/** The latest version's totals of one (meter, channel, day), without decoding its values. */
export interface DaySummary extends BlockKeyRow {
  version: number;
  sumValue: number;
  missingSlots: number;
  worstQuality: number;
  slotCount: number;
}

const INSERT_SQL = `INSERT INTO interval_blocks (meter_id, channel, date, version, unit, slot_minutes, slot_count, body,
  sum_value, missing_slots, worst_quality, kind, based_on, reason, created_by, created_at, updated_at, vee_pending)
  VALUES (?, ?, ?, 1, ?, ?, ?, ?, ?, ?, ?, 'read', NULL, '', ?, ?, ?, 1) ON CONFLICT DO NOTHING`;
const SELECT_V1_SQL = `SELECT meter_id, channel, date, version, body FROM interval_blocks
  WHERE meter_id = ? AND channel = ? AND date = ? AND version = 1`;
const UPDATE_V1_SQL = `UPDATE interval_blocks SET body = ?, sum_value = ?, missing_slots = ?, worst_quality = ?,
  updated_at = ?, vee_pending = vee_pending + 1 WHERE meter_id = ? AND channel = ? AND date = ? AND version = 1`;

/**
 * Interval blocks. Acquisition writes into version 1 (the as-read block) in bulk: a new key is
 * inserted, an existing one is merged slot by slot (core mergeBlocks), so duplicates change nothing
 * and late reads fill their slots. VEE repairs and clerk edits append versions ≥ 2.
 */
export class IntervalBlockRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
    private readonly sqlite?: SqliteDatabase.Database,
  ) {}

  /** Stores acquired reads in one transaction; `by` names the source (e.g. `mqtt`, `csv:batch-id`). */
  async storeReads(blocks: readonly IntervalBlock[], atUtc: string, by: string): Promise<StoreReadsResult> {
    if (blocks.length > STORE_READS_BLOCKS_MAX) {
      throw new AppError('PAYLOAD_TOO_LARGE', `at most ${STORE_READS_BLOCKS_MAX} blocks per call`);
    }
    for (const b of blocks) {
      if (b.version !== 1) throw new RangeError('acquired reads are version 1');
    }
    if (blocks.length === 0) return { inserted: 0, merged: 0, unchanged: 0, reads: 0 };
    if (this.dialect === 'postgres') {
      if (this.db.isTransaction) return storeReadsPostgres(this.db, blocks, atUtc, by);
      return this.db.transaction().execute((trx) => storeReadsPostgres(trx, blocks, atUtc, by));
    }
    const sqlite = this.sqlite;
    if (!sqlite) throw new Error('the SQLite bulk path needs the better-sqlite3 handle');
    const run = () => storeReadsSqlite(sqlite, blocks, atUtc, by);
    // Outside a transaction, take Kysely's connection lock so no other transaction is interleaved.
    if (this.db.isTransaction) return run();
    return this.db.connection().execute(async () => run());
  }

  /** Appends a VEE or edit version; CONFLICT when that version number was taken meanwhile. */
  async appendVersion(block: IntervalBlock, revision: BlockRevision): Promise<void> {
    if (block.version < 2 || revision.version !== block.version) throw new RangeError('versions ≥ 2 only');
    const exists = await this.db
      .selectFrom('interval_blocks')
      .select('version')
      .where('meter_id', '=', block.meterId)
      .where('channel', '=', block.channel)
      .where('date', '=', block.date)
      .where('version', '>=', block.version)
      .executeTakeFirst();
    if (exists) {
      throw new AppError('CONFLICT', `block ${blockKeyString(block)} has a version ${exists.version} already`);
    }
    await this.db
      .insertInto('interval_blocks')
      .values({
        meter_id: block.meterId,
        channel: block.channel,
        date: block.date,
        version: block.version,
        ...blockContent(block),
        kind: revision.kind,
        based_on: revision.basedOnVersion,
        reason: revision.reason,
        created_by: revision.by,
        created_at: revision.atUtc,
        updated_at: revision.atUtc,
        vee_pending: 0,
      })
      .execute();
  }

  /** Every version of one block, oldest first. */
  async versions(key: BlockKeyRow): Promise<StoredVersion[]> {
    const rows = await this.db
      .selectFrom('interval_blocks')
      .selectAll()
      .where('meter_id', '=', key.meterId)
      .where('channel', '=', key.channel)
      .where('date', '=', key.date)
      .orderBy('version')
      .execute();
    return rows.map((r) => {
      const rev = revisionFromRow(r);
      return {
        block: blockFromRow(r),
        kind: rev.kind,
        basedOnVersion: rev.basedOnVersion,
        reason: rev.reason,
        by: rev.by,
        atUtc: rev.atUtc,
      };
    });
  }

  /** The latest version of each day of one meter channel in [from, to], decoded, in date order. */
  async latestBlocks(meterId: string, channel: number, from: string, to: string): Promise<IntervalBlock[]> {
    const rows = await this.db
      .selectFrom('interval_blocks')
      .select(['meter_id', 'channel', 'date', 'version', 'body'])
      .where('meter_id', '=', meterId)
      .where('channel', '=', channel)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .orderBy('date')
      .orderBy('version')
      .execute();
    return keepLatest(rows).map(blockFromRow);
  }

  /** The latest version's totals per day for several meters (usage charts, billing determinants). */
  async daySummaries(meterIds: readonly string[], channel: number, from: string, to: string): Promise<DaySummary[]> {
    if (meterIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('interval_blocks')
      .select(['meter_id', 'channel', 'date', 'version', 'sum_value', 'missing_slots', 'worst_quality', 'slot_count'])
      .where('meter_id', 'in', meterIds)
      .where('channel', '=', channel)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .orderBy('meter_id')
      .orderBy('date')
      .orderBy('version')
      .execute();
    return keepLatest(rows).map((r) => ({
      meterId: r.meter_id,
      channel: Number(r.channel),
      date: r.date,
      version: Number(r.version),
      sumValue: Number(r.sum_value),
      missingSlots: Number(r.missing_slots),
      worstQuality: Number(r.worst_quality),
      slotCount: Number(r.slot_count),
    }));
  }

  /** As-read blocks of days before `beforeDate` that VEE has not seen since their last change, oldest first. */
  async pending(limit = PENDING_KEYS_MAX, beforeDate = '9999-12-31'): Promise<PendingBlock[]> {
    const rows = await this.db
      .selectFrom('interval_blocks')
      .select(['meter_id', 'channel', 'date', 'vee_pending'])
      .where('vee_pending', '>', 0)
      .where('date', '<', beforeDate)
      .orderBy('date')
      .orderBy('meter_id')
      .limit(Math.min(limit, PENDING_KEYS_MAX))
      .execute();
    return rows.map((r) => ({
      meterId: r.meter_id,
      channel: Number(r.channel),
      date: r.date,
      mark: Number(r.vee_pending),
    }));
  }

  /** Marks an as-read block seen by VEE, unless a merge changed it since `pending()` (then it stays pending). */
  async clearPending(key: PendingBlock): Promise<boolean> {
    const r = await this.db
      .updateTable('interval_blocks')
      .set({ vee_pending: 0 })
      .where('meter_id', '=', key.meterId)
      .where('channel', '=', key.channel)
      .where('date', '=', key.date)
      .where('version', '=', 1)
      .where('vee_pending', '=', key.mark)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Asks VEE to look at these days again (e.g. a daily freeze arrived that completes a day's register). */
  async markPending(keys: readonly BlockKeyRow[]): Promise<void> {
    for (const k of keys) {
      await this.db
        .updateTable('interval_blocks')
        .set((eb) => ({ vee_pending: eb('vee_pending', '+', 1) }))
        .where('meter_id', '=', k.meterId)
        .where('channel', '=', k.channel)
        .where('date', '=', k.date)
        .where('version', '=', 1)
        .execute();
    }
  }

  /** Number of as-read blocks and of reads (present slots) stored; for status pages and tests. */
  async counts(): Promise<{ blocks: number; versions: number; reads: number }> {
    const r = await sql<{ blocks: number; versions: number; reads: number }>`
      SELECT SUM(CASE WHEN version = 1 THEN 1 ELSE 0 END) AS blocks, COUNT(*) AS versions,
             SUM(CASE WHEN version = 1 THEN slot_count - missing_slots ELSE 0 END) AS reads
      FROM interval_blocks`.execute(this.db);
    const row = r.rows[0];
    return { blocks: Number(row?.blocks ?? 0), versions: Number(row?.versions ?? 0), reads: Number(row?.reads ?? 0) };
  }
}

/** Rows sorted by key then version: keeps the last (highest) version of each key. */
function keepLatest<T extends { meter_id: string; channel: number; date: string }>(rows: T[]): T[] {
  const out: T[] = [];
  for (let i = 0; i < rows.length; i++) {
    const n = rows[i + 1];
    const r = rows[i];
    if (!n || n.meter_id !== r.meter_id || Number(n.channel) !== Number(r.channel) || n.date !== r.date) out.push(r);
  }
  return out;
}

/** The SQLite bulk path: prepared statements in one transaction; merges only where a block exists. */
function storeReadsSqlite(
  sqlite: SqliteDatabase.Database,
  blocks: readonly IntervalBlock[],
  atUtc: string,
  by: string,
): StoreReadsResult {
  const insert = sqlite.prepare(INSERT_SQL);
  const select = sqlite.prepare(SELECT_V1_SQL);
  const update = sqlite.prepare(UPDATE_V1_SQL);
  const result: StoreReadsResult = { inserted: 0, merged: 0, unchanged: 0, reads: 0 };
  const work = sqlite.transaction(() => {
    for (const b of blocks) {
      const c = blockContent(b);
      result.reads += c.slot_count - c.missing_slots;
      const ins = insert.run(
        b.meterId,
        b.channel,
        b.date,
        c.unit,
        c.slot_minutes,
        c.slot_count,
        c.body,
        c.sum_value,
        c.missing_slots,
        c.worst_quality,
        by,
        atUtc,
        atUtc,
      );
      if (ins.changes === 1) {
        result.inserted++;
        continue;
      }
      const row = select.get(b.meterId, b.channel, b.date) as Parameters<typeof blockFromRow>[0];
      const merged = mergeBlocks(blockFromRow(row), b);
      if (merged.changedSlots === 0) {
        result.unchanged++;
        continue;
      }
      const m = blockContent(merged.block);
      update.run(m.body, m.sum_value, m.missing_slots, m.worst_quality, atUtc, b.meterId, b.channel, b.date);
      result.merged++;
    }
  });
  work();
  return result;
}
