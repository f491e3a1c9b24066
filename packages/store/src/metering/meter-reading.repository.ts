import type { Kysely } from 'kysely';
import type { MeterEvent, MeterEventKind, MeterEventSource } from '@meterflow/core/metering/meter-event';
import type { Database } from '../schema.ts';
import { insertNewChunked } from '../repositories/insert-chunked.ts';

/** Rows per INSERT statement (bound parameters stay under both engines' limits). */
const READ_INSERT_CHUNK = 500;
/** Rows per list query. */
export const READ_LIST_MAX = 10_000;

/** A register value at an instant (e.g. from a DL/T 645 poll). */
export interface RegisterReadRecord {
  meterId: string;
  register: string;
  tariff: number;
  readAtUtc: string;
  valueWh: number;
  quality: number;
  source: string;
}

/** A daily freeze (日冻结): the register at local 00:00 of `date`. */
export interface DailyFreezeRecord {
  meterId: string;
  register: string;
  tariff: number;
  date: string;
  valueWh: number;
  quality: number;
  source: string;
}

/** Register reads, daily freezes and meter events: idempotent inserts (a duplicate changes nothing). */
export class MeterReadingRepository {
  constructor(private readonly db: Kysely<Database>) {}

  /** Inserts register reads; returns how many were new. */
  async insertRegisterReads(reads: readonly RegisterReadRecord[], receivedAtUtc: string): Promise<number> {
    const rows = reads.map((r) => ({
      meter_id: r.meterId,
      register: r.register,
      tariff: r.tariff,
      read_at: r.readAtUtc,
      value_wh: r.valueWh,
      quality: r.quality,
      source: r.source,
      received_at: receivedAtUtc,
    }));
    return insertNewChunked(this.db, 'register_reads', rows, READ_INSERT_CHUNK);
  }

  /** Inserts daily freezes; the first value stored for a day stands, returns how many were new. */
  async insertDailyFreezes(reads: readonly DailyFreezeRecord[], receivedAtUtc: string): Promise<number> {
    const rows = reads.map((r) => ({
      meter_id: r.meterId,
      register: r.register,
      tariff: r.tariff,
      date: r.date,
      value_wh: r.valueWh,
      quality: r.quality,
      source: r.source,
      received_at: receivedAtUtc,
    }));
    return insertNewChunked(this.db, 'daily_freezes', rows, READ_INSERT_CHUNK);
  }

  /** Inserts meter events; the same event (meter, time, kind, source) twice is stored once. */
  async insertEvents(events: readonly MeterEvent[], receivedAtUtc: string): Promise<number> {
    const rows = events.map((e) => ({
      meter_id: e.meterId,
      kind: e.kind,
      at: e.atUtc,
      source: e.source,
      detail: JSON.stringify(e.detail ?? {}),
      received_at: receivedAtUtc,
    }));
    return insertNewChunked(this.db, 'meter_events', rows, READ_INSERT_CHUNK);
  }

  /** A meter's daily freezes for one register in [from, to], by date. */
  async dailyFreezes(meterId: string, register: string, from: string, to: string): Promise<DailyFreezeRecord[]> {
    const rows = await this.db
      .selectFrom('daily_freezes')
      .selectAll()
      .where('meter_id', '=', meterId)
      .where('register', '=', register)
      .where('tariff', '=', 0)
      .where('date', '>=', from)
      .where('date', '<=', to)
      .orderBy('date')
      .limit(READ_LIST_MAX)
      .execute();
    return rows.map((r) => ({
      meterId: r.meter_id,
      register: r.register,
      tariff: Number(r.tariff),
      date: r.date,
      valueWh: Number(r.value_wh),
      quality: Number(r.quality),
      source: r.source,
    }));
  }

  /** A meter's register reads in [fromUtc, toUtc), oldest first. */
  async registerReads(meterId: string, fromUtc: string, toUtc: string): Promise<RegisterReadRecord[]> {
    const rows = await this.db
      .selectFrom('register_reads')
      .selectAll()
      .where('meter_id', '=', meterId)
      .where('read_at', '>=', fromUtc)
      .where('read_at', '<', toUtc)
      .orderBy('read_at')
      .limit(READ_LIST_MAX)
      .execute();
    return rows.map((r) => ({
      meterId: r.meter_id,
      register: r.register,
      tariff: Number(r.tariff),
      readAtUtc: r.read_at,
      valueWh: Number(r.value_wh),
      quality: Number(r.quality),
      source: r.source,
    }));
  }

  /** Events in [fromUtc, toUtc), for one meter or (meterId undefined) all meters, oldest first. */
  async events(meterId: string | undefined, fromUtc: string, toUtc: string): Promise<MeterEvent[]> {
    let q = this.db.selectFrom('meter_events').selectAll().where('at', '>=', fromUtc).where('at', '<', toUtc);
    if (meterId !== undefined) q = q.where('meter_id', '=', meterId);
    const rows = await q.orderBy('at').limit(READ_LIST_MAX).execute();
    return rows.map((r) => ({
      meterId: r.meter_id,
      kind: r.kind as MeterEventKind,
      atUtc: r.at,
      source: r.source as MeterEventSource,
      detail: JSON.parse(r.detail) as Record<string, string | number>,
    }));
  }
}
