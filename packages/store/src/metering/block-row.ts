import { blockTotals, type IntervalBlock } from '@meterflow/core/metering/interval-block';
import { BLOCK_BODY_BYTES_MAX, decodeBlockBody, writeBlockBody } from '@meterflow/core/metering/block-codec';
import type { BlockRevision } from '@meterflow/core/metering/block-revision';
import type { IntervalBlockTable } from './metering-schema.ts';

/** The columns of a block row that describe its contents, computed once when it is written. */
export interface BlockContent {
  unit: string;
  slot_minutes: number;
  slot_count: number;
  body: Buffer;
  sum_value: number;
  missing_slots: number;
  worst_quality: number;
}

const scratch = new Uint8Array(BLOCK_BODY_BYTES_MAX);

/** Encodes a block's values and quality for its row, with the day's totals beside them. */
export function blockContent(block: IntervalBlock): BlockContent {
  const end = writeBlockBody(block, scratch, 0);
  const totals = blockTotals(block);
  return {
    unit: block.unit,
    slot_minutes: block.slotMinutes,
    slot_count: block.values.length,
    body: Buffer.from(scratch.subarray(0, end)),
    sum_value: totals.sum,
    missing_slots: totals.missing,
    worst_quality: totals.worst,
  };
}

/** The block a stored row holds. */
export function blockFromRow(
  row: Pick<IntervalBlockTable, 'meter_id' | 'channel' | 'date' | 'version' | 'body'>,
): IntervalBlock {
  const body = decodeBlockBody(row.body);
  return {
    meterId: row.meter_id,
    channel: Number(row.channel),
    date: row.date,
    version: Number(row.version),
    unit: body.unit,
    slotMinutes: body.slotMinutes,
    values: body.values,
    quality: body.quality,
  };
}

/** The revision (who, why) a version row records; version 1 is the as-read block. */
export function revisionFromRow(
  row: Pick<
    IntervalBlockTable,
    'meter_id' | 'channel' | 'date' | 'version' | 'kind' | 'based_on' | 'reason' | 'created_by' | 'created_at'
  >,
): Omit<BlockRevision, 'slots' | 'kind'> & { kind: 'read' | 'vee' | 'edit' } {
  return {
    meterId: row.meter_id,
    channel: Number(row.channel),
    date: row.date,
    version: Number(row.version),
    basedOnVersion: row.based_on === null ? 0 : Number(row.based_on),
    kind: row.kind as 'read' | 'vee' | 'edit',
    reason: row.reason,
    by: row.created_by,
    atUtc: row.created_at,
  };
}
