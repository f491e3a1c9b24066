import type { Kysely } from 'kysely';
import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import type { Database } from '../schema.ts';
import { blockFromRow } from '../metering/block-row.ts';
import type { DailyFreezeRecord } from '../metering/meter-reading.repository.ts';

/** Ids per IN list: keeps every query under both engines' parameter limits. */
export const USAGE_IN_LIST_MAX = 500;

/** A meter of an account as the determinant builder needs it (every meter, removed ones too). */
export interface AccountMeter {
  accountId: string;
  /** Communication address: metering keys blocks and freezes by it. */
  address: string;
  /** CT ratio × PT ratio (综合倍率). */
  multiplier: number;
  installedOn: string;
  removedOn: string | null;
}

/**
 * Bulk reads of metering's stored data for billing determinants, a reading book at a time: the
 * meters of many accounts, the latest version of their interval blocks over a period, and their
 * daily freezes. One query per few hundred meters, never one per account.
 */
export class BillingUsageRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Every meter (in service or removed) of the given accounts. */
  async meters(accountIds: readonly string[]): Promise<AccountMeter[]> {
    const out: AccountMeter[] = [];
    for (const ids of chunks(accountIds)) {
      const rows = await this.db
        .selectFrom('meters')
        .innerJoin('service_points', 'service_points.id', 'meters.service_point_id')
        .select([
          'service_points.account_id',
          'meters.address',
          'meters.ct_ratio',
          'meters.pt_ratio',
          'meters.installed_on',
          'meters.removed_on',
        ])
        .where('service_points.account_id', 'in', ids)
        .orderBy('meters.installed_on')
        .execute();
      for (const r of rows)
        out.push({
          accountId: r.account_id,
          address: r.address,
          multiplier: Number(r.ct_ratio) * Number(r.pt_ratio),
          installedOn: r.installed_on,
          removedOn: r.removed_on,
        });
    }
    return out;
  }

  /** The latest version of each (meter, day) block of one channel in [from, to], decoded, by meter and date. */
  async latestBlocks(meterIds: readonly string[], channel: number, from: string, to: string): Promise<IntervalBlock[]> {
    const out: IntervalBlock[] = [];
    for (const ids of chunks(meterIds)) {
      const rows = await this.db
        .selectFrom('interval_blocks')
        .select(['meter_id', 'channel', 'date', 'version', 'body'])
        .where('meter_id', 'in', ids)
        .where('channel', '=', channel)
        .where('date', '>=', from)
        .where('date', '<=', to)
        .orderBy('meter_id')
        .orderBy('date')
        .orderBy('version')
        .execute();
      for (let i = 0; i < rows.length; i++) {
        const r = rows[i];
        const next = rows[i + 1];
        // Rows come version-ascending per day: the last of a day is its latest version.
        if (next && next.meter_id === r.meter_id && next.date === r.date) continue;
        out.push(blockFromRow(r));
      }
    }
    return out;
  }

  /** Daily freezes of one register (all tariffs) in [from, to] for many meters, by meter and date. */
  async freezes(meterIds: readonly string[], register: string, from: string, to: string): Promise<DailyFreezeRecord[]> {
    const out: DailyFreezeRecord[] = [];
    for (const ids of chunks(meterIds)) {
      const rows = await this.db
        .selectFrom('daily_freezes')
        .select(['meter_id', 'register', 'tariff', 'date', 'value_wh', 'quality', 'source'])
        .where('meter_id', 'in', ids)
        .where('register', '=', register)
        .where('date', '>=', from)
        .where('date', '<=', to)
        .orderBy('meter_id')
        .orderBy('date')
        .execute();
      for (const r of rows)
        out.push({
          meterId: r.meter_id,
          register: r.register,
          tariff: Number(r.tariff),
          date: r.date,
          valueWh: Number(r.value_wh),
          quality: Number(r.quality),
          source: r.source,
        });
    }
    return out;
  }
}

function* chunks<T>(xs: readonly T[]): Generator<T[]> {
  for (let i = 0; i < xs.length; i += USAGE_IN_LIST_MAX) yield xs.slice(i, i + USAGE_IN_LIST_MAX);
}
