import type { Kysely } from 'kysely';
import { AppError } from '@meterflow/core';
import type { Database } from '../schema.ts';
import { insertChunked } from './insert-chunked.ts';
import { type Meter, meterFromRow, meterToRow } from './rows.ts';

/** Meters (电能表) with their install history: an exchange closes one row and opens another. */
export class MeterRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertMany(meters: readonly Meter[]): Promise<void> {
    await insertChunked(this.db, 'meters', meters.map(meterToRow));
  }

  async listByServicePoints(servicePointIds: readonly string[]): Promise<Meter[]> {
    if (servicePointIds.length === 0) return [];
    const rows = await this.db
      .selectFrom('meters')
      .selectAll()
      .where('service_point_id', 'in', servicePointIds)
      .orderBy('installed_on')
      .execute();
    return rows.map(meterFromRow);
  }

  async findByAddress(address: string): Promise<Meter[]> {
    const rows = await this.db.selectFrom('meters').selectAll().where('address', '=', address).execute();
    return rows.map(meterFromRow);
  }

  /**
   * Meter exchange (换表): the old meter is marked removed on `date` and the new one installed the
   * same day at the same service point. Run inside a transaction by the caller.
   */
  async exchange(
    oldMeterId: string,
    date: string,
    replacement: Omit<Meter, 'servicePointId' | 'installedOn' | 'removedOn'>,
  ): Promise<Meter> {
    const old = await this.db.selectFrom('meters').selectAll().where('id', '=', oldMeterId).executeTakeFirst();
    if (!old) throw new AppError('NOT_FOUND', `meter ${oldMeterId} not found`);
    if (old.removed_on)
      throw new AppError('STATE_INVALID', `meter ${old.asset_no} was already removed on ${old.removed_on}`);
    if (date < old.installed_on) {
      throw new AppError('VALIDATION_FAILED', `exchange date ${date} is before the meter was installed`, [
        { path: '/date', message: `must be on or after ${old.installed_on}` },
      ]);
    }
    await this.db.updateTable('meters').set({ removed_on: date }).where('id', '=', oldMeterId).execute();
    const fresh: Meter = { ...replacement, servicePointId: old.service_point_id, installedOn: date, removedOn: null };
    await this.db.insertInto('meters').values(meterToRow(fresh)).execute();
    return fresh;
  }
}
