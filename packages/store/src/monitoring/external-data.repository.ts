import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { PolicyNoticeRow, ProductionDayRow, WeatherRow } from './monitoring-rows.ts';
import { PQ_INSERT_CHUNK } from './pq.repository.ts';

/** Data imported from outside: weather per area, industry policy notices, customers' production. */
export class ExternalDataRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Stores temperatures; a repeated (area, date, hour) replaces the earlier value. */
  async upsertWeather(rows: readonly WeatherRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += PQ_INSERT_CHUNK) {
      await this.db
        .insertInto('weather')
        .values(
          rows.slice(i, i + PQ_INSERT_CHUNK).map((r) => ({
            area_id: r.areaId,
            date: r.date,
            hour: r.hour,
            temperature_dc: r.temperatureDc,
            source: r.source,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['area_id', 'date', 'hour']).doUpdateSet((eb) => ({
            temperature_dc: eb.ref('excluded.temperature_dc'),
            source: eb.ref('excluded.source'),
          })),
        )
        .execute();
    }
  }

  /**
   * Mean temperature per day of one area in [from, to] (dates), in tenths of a degree: the daily
   * mean when one was imported, otherwise the mean of that day's hourly values.
   */
  async dailyTemperatures(areaId: string, from: string, to: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('weather')
      .select(['date', 'hour', 'temperature_dc'])
      .where('area_id', '=', areaId)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .execute();
    const daily = new Map<string, number>();
    const hourly = new Map<string, { sum: number; n: number }>();
    for (const r of rows) {
      if (r.hour < 0) daily.set(r.date, r.temperature_dc);
      else {
        const acc = hourly.get(r.date) ?? { sum: 0, n: 0 };
        acc.sum += r.temperature_dc;
        acc.n++;
        hourly.set(r.date, acc);
      }
    }
    for (const [date, acc] of hourly) if (!daily.has(date)) daily.set(date, Math.round(acc.sum / acc.n));
    return daily;
  }

  async upsertPolicies(rows: readonly PolicyNoticeRow[]): Promise<void> {
    for (const r of rows) {
      const values = {
        id: r.id,
        industry: r.industry,
        tag: r.tag,
        risk_delta: r.riskDelta,
        valid_from: r.validFrom,
        valid_to: r.validTo,
        title_zh: r.titleZh,
        title_en: r.titleEn,
        created_at: r.createdAt,
      };
      const { id: _id, created_at: _c, ...update } = values;
      await this.db
        .insertInto('policy_notices')
        .values(values)
        .onConflict((oc) => oc.column('id').doUpdateSet(update))
        .execute();
    }
  }

  /** Notices in force on `day`, all industries. */
  async activePolicies(day: string): Promise<PolicyNoticeRow[]> {
    const rows = await this.db
      .selectFrom('policy_notices')
      .selectAll()
      .where('valid_from', '<=', day)
      .where((eb) => eb.or([eb('valid_to', 'is', null), eb('valid_to', '>=', day)]))
      .orderBy('id')
      .execute();
    return rows.map((r) => ({
      id: r.id,
      industry: r.industry,
      tag: r.tag,
      riskDelta: r.risk_delta,
      validFrom: r.valid_from,
      validTo: r.valid_to,
      titleZh: r.title_zh,
      titleEn: r.title_en,
      createdAt: r.created_at,
    }));
  }

  async upsertProduction(rows: readonly ProductionDayRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += PQ_INSERT_CHUNK) {
      await this.db
        .insertInto('production_days')
        .values(
          rows.slice(i, i + PQ_INSERT_CHUNK).map((r) => ({
            account_id: r.accountId,
            date: r.date,
            output_milli: r.outputMilli,
            unit: r.unit,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['account_id', 'date']).doUpdateSet((eb) => ({
            output_milli: eb.ref('excluded.output_milli'),
            unit: eb.ref('excluded.unit'),
          })),
        )
        .execute();
    }
  }

  async production(accountId: string, from: string, to: string): Promise<ProductionDayRow[]> {
    const rows = await this.db
      .selectFrom('production_days')
      .selectAll()
      .where('account_id', '=', accountId)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .orderBy('date')
      .execute();
    return rows.map((r) => ({ accountId: r.account_id, date: r.date, outputMilli: r.output_milli, unit: r.unit }));
  }
}
