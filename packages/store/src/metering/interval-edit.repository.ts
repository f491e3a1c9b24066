import type { Kysely } from 'kysely';
import type { EditRecord } from '@meterflow/core/metering/clerk-edit';
import type { Database } from '../schema.ts';

/** The audit trail of clerk edits, one row per edited slot (append-only in the database). */
export class IntervalEditRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async append(records: readonly EditRecord[]): Promise<void> {
    if (records.length === 0) return;
    await this.db
      .insertInto('interval_edits')
      .values(
        records.map((r) => ({
          meter_id: r.meterId,
          channel: r.channel,
          date: r.date,
          slot: r.slot,
          version: r.version,
          old_value: r.oldValue,
          old_quality: r.oldQuality,
          new_value: r.newValue,
          clerk_id: r.clerkId,
          reason: r.reason,
          at: r.atUtc,
        })),
      )
      .execute();
  }

  /** Every edit of one block day, in order. */
  async forBlock(key: { meterId: string; channel: number; date: string }): Promise<EditRecord[]> {
    const rows = await this.db
      .selectFrom('interval_edits')
      .selectAll()
      .where('meter_id', '=', key.meterId)
      .where('channel', '=', key.channel)
      .where('date', '=', key.date)
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      meterId: r.meter_id,
      channel: Number(r.channel),
      date: r.date,
      slot: Number(r.slot),
      version: Number(r.version),
      oldValue: Number(r.old_value),
      oldQuality: Number(r.old_quality),
      newValue: Number(r.new_value),
      clerkId: r.clerk_id,
      reason: r.reason,
      atUtc: r.at,
    }));
  }
}
