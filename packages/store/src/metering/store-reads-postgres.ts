import { sql, type Kysely } from 'kysely';
import { blockKeyString, type IntervalBlock } from '@meterflow/core/metering/interval-block';
import { mergeBlocks } from '@meterflow/core/metering/merge-blocks';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import type { Database } from '../schema.ts';
import { blockContent, blockFromRow } from './block-row.ts';
import type { StoreReadsResult } from './interval-block.repository.ts';

/** Rows per multi-row statement; arrays travel as one parameter each, so this bounds message size only. */
export const PG_BULK_ROWS = 5000;

/**
 * The PostgreSQL bulk path, inside the caller's transaction: one `INSERT … SELECT FROM unnest(…)
 * ON CONFLICT DO NOTHING RETURNING` per chunk, then a read, merge and `UPDATE … FROM unnest(…)` for
 * the keys that already had a block.
 */
export async function storeReadsPostgres(
  db: Kysely<Database>,
  blocks: readonly IntervalBlock[],
  atUtc: string,
  by: string,
): Promise<StoreReadsResult> {
  const result: StoreReadsResult = { inserted: 0, merged: 0, unchanged: 0, reads: 0 };
  // Duplicates within one call are merged first: a statement may not touch one row twice.
  const unique = new Map<string, IntervalBlock>();
  for (const b of blocks) {
    const k = blockKeyString(b);
    const seen = unique.get(k);
    unique.set(k, seen ? mergeBlocks(seen, b).block : b);
  }
  const all = [...unique.values()];
  for (const b of blocks) result.reads += b.quality.reduce((n, q) => n + (q === QUALITY.MISSING ? 0 : 1), 0);
  result.unchanged += blocks.length - all.length;
  for (let i = 0; i < all.length; i += PG_BULK_ROWS) {
    const chunk = all.slice(i, i + PG_BULK_ROWS);
    const inserted = await insertChunk(db, chunk, atUtc, by);
    result.inserted += inserted.size;
    const rest = chunk.filter((b) => !inserted.has(blockKeyString(b)));
    if (rest.length) {
      const m = await mergeChunk(db, rest, atUtc);
      result.merged += m.merged;
      result.unchanged += m.unchanged;
    }
  }
  return result;
}

async function insertChunk(
  db: Kysely<Database>,
  chunk: IntervalBlock[],
  atUtc: string,
  by: string,
): Promise<Set<string>> {
  const c = chunk.map(blockContent);
  const r = await sql<{ meter_id: string; channel: number; date: string }>`
    INSERT INTO interval_blocks (meter_id, channel, date, version, unit, slot_minutes, slot_count, body,
      sum_value, missing_slots, worst_quality, kind, based_on, reason, created_by, created_at, updated_at, vee_pending)
    SELECT u.meter_id, u.channel, u.date, 1, u.unit, u.slot_minutes, u.slot_count, u.body, u.sum_value,
      u.missing_slots, u.worst_quality, 'read', NULL, '', ${by}, ${atUtc}, ${atUtc}, 1
    FROM unnest(${chunk.map((b) => b.meterId)}::text[], ${chunk.map((b) => b.channel)}::int[],
      ${chunk.map((b) => b.date)}::text[], ${c.map((x) => x.unit)}::text[], ${c.map((x) => x.slot_minutes)}::int[],
      ${c.map((x) => x.slot_count)}::int[], ${c.map((x) => x.body)}::bytea[], ${c.map((x) => x.sum_value)}::bigint[],
      ${c.map((x) => x.missing_slots)}::int[], ${c.map((x) => x.worst_quality)}::int[])
      AS u(meter_id, channel, date, unit, slot_minutes, slot_count, body, sum_value, missing_slots, worst_quality)
    ON CONFLICT DO NOTHING
    RETURNING meter_id, channel, date`.execute(db);
  return new Set(r.rows.map((x) => `${x.meter_id}/${Number(x.channel)}/${x.date}`));
}

async function mergeChunk(
  db: Kysely<Database>,
  rest: IntervalBlock[],
  atUtc: string,
): Promise<{ merged: number; unchanged: number }> {
  const existing = await sql<{ meter_id: string; channel: number; date: string; version: number; body: Buffer }>`
    SELECT b.meter_id, b.channel, b.date, b.version, b.body FROM interval_blocks b
    JOIN unnest(${rest.map((b) => b.meterId)}::text[], ${rest.map((b) => b.channel)}::int[],
      ${rest.map((b) => b.date)}::text[]) AS k(meter_id, channel, date)
      ON b.meter_id = k.meter_id AND b.channel = k.channel AND b.date = k.date
    WHERE b.version = 1
    FOR UPDATE OF b`.execute(db);
  const byKey = new Map(existing.rows.map((r) => [`${r.meter_id}/${Number(r.channel)}/${r.date}`, blockFromRow(r)]));
  const changed: IntervalBlock[] = [];
  let unchanged = 0;
  for (const b of rest) {
    const old = byKey.get(blockKeyString(b));
    if (!old) throw new Error(`block ${blockKeyString(b)} vanished during the merge`);
    const m = mergeBlocks(old, b);
    if (m.changedSlots === 0) unchanged++;
    else changed.push(m.block);
  }
  if (changed.length) {
    const c = changed.map(blockContent);
    await sql`
      UPDATE interval_blocks AS b SET body = u.body, sum_value = u.sum_value, missing_slots = u.missing_slots,
        worst_quality = u.worst_quality, updated_at = ${atUtc}, vee_pending = b.vee_pending + 1
      FROM unnest(${changed.map((b) => b.meterId)}::text[], ${changed.map((b) => b.channel)}::int[],
        ${changed.map((b) => b.date)}::text[], ${c.map((x) => x.body)}::bytea[], ${c.map((x) => x.sum_value)}::bigint[],
        ${c.map((x) => x.missing_slots)}::int[], ${c.map((x) => x.worst_quality)}::int[])
        AS u(meter_id, channel, date, body, sum_value, missing_slots, worst_quality)
      WHERE b.meter_id = u.meter_id AND b.channel = u.channel AND b.date = u.date AND b.version = 1`.execute(db);
  }
  return { merged: changed.length, unchanged };
}
