import { sql, type Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import type { Database } from '../schema.ts';
import type { AlarmMeterStatusTable } from './alarms-schema.ts';

/** Ids per IN (…) list and rows per upsert statement. */
export const OBSERVATION_CHUNK = 500;
/** Observation kinds other contexts write; each feeds one input of the alarm sweep. */
export const OBSERVATION_KINDS = [
  'collectionJob',
  'readingReview',
  'prepaidCommand',
  'reconciliation',
  'risk',
] as const;
export type ObservationKind = (typeof OBSERVATION_KINDS)[number];

const UNIT_SEPARATOR = '\u001f';
const groupKey = (conc: string | null, book: string | null, branch: string | null) =>
  `${conc ?? '\u0000'}${UNIT_SEPARATOR}${book ?? '\u0000'}${UNIT_SEPARATOR}${branch ?? '\u0000'}`;

/** Where a meter hangs (set by metering when it learns the concentrator of a meter). */
export interface MeterLink {
  meterId: string;
  concentratorId: string | null;
  readingBookId?: string | null;
  branchId?: string | null;
}

/** One meter's outcome in one poll. */
export interface MeterPoll {
  meterId: string;
  answered: boolean;
  /** Meter clock minus master-station clock, seconds, when it was read. */
  clockDriftS?: number;
  /** METER_EVENT_BITS the meter reported. */
  eventFlags?: number;
}

export interface ObservationRow<P = unknown> {
  kind: ObservationKind;
  key: string;
  at: Date;
  payload: P;
  cleared: boolean;
}

/** The latest poll state of every meter, column by column (no object per meter). */
export interface FleetColumns {
  meterIds: string[];
  concentratorIds: (string | null)[];
  readingBookIds: (string | null)[];
  branchIds: (string | null)[];
  silentPolls: Uint16Array;
  clockDriftS: (number | null)[];
  eventFlags: Uint8Array;
}

/**
 * The sweep's inputs as other contexts leave them: each meter's latest poll, concentrator
 * heartbeats, and the latest observation per (kind, key) of collection jobs, reading reviews,
 * prepaid commands, reconciliations and risk scores.
 */
export class AlarmObservationRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sqlite?: SqliteDatabase.Database,
  ) {}

  /**
   * Adds a status row for every installed meter that has none yet, with its reading book and
   * branch from the account behind it; returns how many were added.
   */
  async linkInstalledMeters(): Promise<number> {
    const before = await this.countMeters();
    await sql`
      INSERT INTO alarm_meter_status
        (meter_id, concentrator_id, reading_book_id, branch_id, last_poll_at, last_seen_at, silent_polls, clock_drift_s, event_flags)
      SELECT m.id, NULL, a.reading_book_id, a.org_id, NULL, NULL, 0, NULL, 0
      FROM meters m
      JOIN service_points sp ON sp.id = m.service_point_id
      JOIN accounts a ON a.id = sp.account_id
      WHERE m.removed_on IS NULL
      ON CONFLICT (meter_id) DO NOTHING`.execute(this.db);
    return (await this.countMeters()) - before;
  }

  async countMeters(): Promise<number> {
    const r = await this.db
      .selectFrom('alarm_meter_status')
      .select((eb) => eb.fn.countAll<number>().as('n'))
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Sets the concentrator (and optionally book and branch) of meters. */
  async setMeterLinks(links: readonly MeterLink[]): Promise<void> {
    for (let i = 0; i < links.length; i += OBSERVATION_CHUNK) {
      const rows: AlarmMeterStatusTable[] = links.slice(i, i + OBSERVATION_CHUNK).map((l) => ({
        meter_id: l.meterId,
        concentrator_id: l.concentratorId,
        reading_book_id: l.readingBookId ?? null,
        branch_id: l.branchId ?? null,
        last_poll_at: null,
        last_seen_at: null,
        silent_polls: 0,
        clock_drift_s: null,
        event_flags: 0,
      }));
      await this.db
        .insertInto('alarm_meter_status')
        .values(rows)
        .onConflict((oc) =>
          oc.column('meter_id').doUpdateSet((eb) => ({
            concentrator_id: eb.ref('excluded.concentrator_id'),
            reading_book_id: eb.fn.coalesce('excluded.reading_book_id', 'alarm_meter_status.reading_book_id'),
            branch_id: eb.fn.coalesce('excluded.branch_id', 'alarm_meter_status.branch_id'),
          })),
        )
        .execute();
    }
  }

  /** Records one poll: answered meters reset their silence, silent ones count up. */
  async recordMeterPoll(at: Date, polls: readonly MeterPoll[]): Promise<void> {
    const t = at.toISOString();
    const answered = polls.filter((p) => p.answered).map((p) => p.meterId);
    const silent = polls.filter((p) => !p.answered).map((p) => p.meterId);
    for (let i = 0; i < answered.length; i += OBSERVATION_CHUNK) {
      await this.db
        .updateTable('alarm_meter_status')
        .set({ silent_polls: 0, last_poll_at: t, last_seen_at: t, clock_drift_s: null, event_flags: 0 })
        .where('meter_id', 'in', answered.slice(i, i + OBSERVATION_CHUNK))
        .execute();
    }
    for (let i = 0; i < silent.length; i += OBSERVATION_CHUNK) {
      await this.db
        .updateTable('alarm_meter_status')
        .set({
          silent_polls: sql`CASE WHEN silent_polls >= 65535 THEN 65535 ELSE silent_polls + 1 END`,
          last_poll_at: t,
          clock_drift_s: null,
          event_flags: 0,
        })
        .where('meter_id', 'in', silent.slice(i, i + OBSERVATION_CHUNK))
        .execute();
    }
    for (const p of polls) {
      if (p.clockDriftS === undefined && !p.eventFlags) continue;
      await this.db
        .updateTable('alarm_meter_status')
        .set({ clock_drift_s: p.clockDriftS ?? null, event_flags: p.eventFlags ?? 0 })
        .where('meter_id', '=', p.meterId)
        .execute();
    }
  }

  /** Reads every meter's latest poll in one pass. */
  async readFleet(): Promise<FleetColumns> {
    if (this.sqlite) return this.readFleetRaw(this.sqlite);
    const rows = await this.db
      .selectFrom('alarm_meter_status')
      .select([
        'meter_id',
        'concentrator_id',
        'reading_book_id',
        'branch_id',
        'silent_polls',
        'clock_drift_s',
        'event_flags',
      ])
      .execute();
    const n = rows.length;
    const out: FleetColumns = {
      meterIds: new Array(n),
      concentratorIds: new Array(n),
      readingBookIds: new Array(n),
      branchIds: new Array(n),
      silentPolls: new Uint16Array(n),
      clockDriftS: new Array(n),
      eventFlags: new Uint8Array(n),
    };
    for (let i = 0; i < n; i++) {
      const r = rows[i];
      out.meterIds[i] = r.meter_id;
      out.concentratorIds[i] = r.concentrator_id;
      out.readingBookIds[i] = r.reading_book_id;
      out.branchIds[i] = r.branch_id;
      out.silentPolls[i] = r.silent_polls;
      out.clockDriftS[i] = r.clock_drift_s;
      out.eventFlags[i] = r.event_flags;
    }
    return out;
  }

  /**
   * The embedded engine's fast path: the layout comes grouped by (concentrator, book, branch) with
   * the meter ids of each group in one string, and only meters with something to report (silent,
   * clock read, events) come as rows, so a million meters cost a few thousand rows.
   */
  private readFleetRaw(sqlite: SqliteDatabase.Database): FleetColumns {
    const groups = sqlite
      .prepare(
        `SELECT concentrator_id, reading_book_id, branch_id, group_concat(meter_id, char(31))
         FROM alarm_meter_status GROUP BY concentrator_id, reading_book_id, branch_id`,
      )
      .raw(true)
      .all() as [string | null, string | null, string | null, string][];
    const meterIds: string[] = [];
    const concentratorIds: (string | null)[] = [];
    const readingBookIds: (string | null)[] = [];
    const branchIds: (string | null)[] = [];
    // Where each group's meters sit in the columns; a notable meter is looked up within its group
    // only, so no index over a million meter ids is ever built.
    const spans = new Map<string, [start: number, end: number]>();
    for (const [conc, book, branch, ids] of groups) {
      const start = meterIds.length;
      for (const id of ids.split(UNIT_SEPARATOR)) {
        meterIds.push(id);
        concentratorIds.push(conc);
        readingBookIds.push(book);
        branchIds.push(branch);
      }
      spans.set(groupKey(conc, book, branch), [start, meterIds.length]);
    }
    const n = meterIds.length;
    const out: FleetColumns = {
      meterIds,
      concentratorIds,
      readingBookIds,
      branchIds,
      silentPolls: new Uint16Array(n),
      clockDriftS: new Array<number | null>(n).fill(null),
      eventFlags: new Uint8Array(n),
    };
    const notable = sqlite
      .prepare(
        `SELECT concentrator_id, reading_book_id, branch_id, meter_id, silent_polls, clock_drift_s, event_flags
         FROM alarm_meter_status WHERE silent_polls <> 0 OR clock_drift_s IS NOT NULL OR event_flags <> 0`,
      )
      .raw(true)
      .all() as [string | null, string | null, string | null, string, number, number | null, number][];
    for (const [conc, book, branch, id, silent, drift, flags] of notable) {
      const span = spans.get(groupKey(conc, book, branch));
      let i = span ? span[0] : 0;
      const end = span ? span[1] : 0;
      while (i < end && meterIds[i] !== id) i++;
      if (i >= end) continue; // a meter added or moved between the two reads waits for the next sweep
      out.silentPolls[i] = silent;
      out.clockDriftS[i] = drift;
      out.eventFlags[i] = flags;
    }
    return out;
  }

  /** Sets concentrators' own heartbeat state (online, missing, unknown). */
  async setConcentratorHeartbeats(
    at: Date,
    rows: readonly { concentratorId: string; heartbeat: 'online' | 'missing' | 'unknown'; branchId?: string }[],
  ): Promise<void> {
    for (let i = 0; i < rows.length; i += OBSERVATION_CHUNK) {
      await this.db
        .insertInto('alarm_concentrator_status')
        .values(
          rows.slice(i, i + OBSERVATION_CHUNK).map((r) => ({
            concentrator_id: r.concentratorId,
            branch_id: r.branchId ?? null,
            heartbeat: r.heartbeat,
            at: at.toISOString(),
          })),
        )
        .onConflict((oc) =>
          oc.column('concentrator_id').doUpdateSet((eb) => ({
            heartbeat: eb.ref('excluded.heartbeat'),
            at: eb.ref('excluded.at'),
            branch_id: eb.fn.coalesce('excluded.branch_id', 'alarm_concentrator_status.branch_id'),
          })),
        )
        .execute();
    }
  }

  async listConcentrators(): Promise<{ concentratorId: string; branchId: string | null; heartbeat: string }[]> {
    const rows = await this.db.selectFrom('alarm_concentrator_status').selectAll().execute();
    return rows.map((r) => ({ concentratorId: r.concentrator_id, branchId: r.branch_id, heartbeat: r.heartbeat }));
  }

  /** Stores the latest observation per (kind, key), replacing the earlier one. */
  async upsert(rows: readonly ObservationRow[]): Promise<void> {
    for (let i = 0; i < rows.length; i += OBSERVATION_CHUNK) {
      await this.db
        .insertInto('alarm_observations')
        .values(
          rows.slice(i, i + OBSERVATION_CHUNK).map((r) => ({
            kind: r.kind,
            key: r.key,
            at: r.at.toISOString(),
            payload: JSON.stringify(r.payload),
            cleared: r.cleared ? 1 : 0,
          })),
        )
        .onConflict((oc) =>
          oc.columns(['kind', 'key']).doUpdateSet((eb) => ({
            at: eb.ref('excluded.at'),
            payload: eb.ref('excluded.payload'),
            cleared: eb.ref('excluded.cleared'),
          })),
        )
        .execute();
    }
  }

  /** Kinds that were ever observed (their rules run even when nothing is active) and the active rows. */
  async active(): Promise<{ kinds: Set<ObservationKind>; rows: ObservationRow[] }> {
    const kinds = await this.db.selectFrom('alarm_observations').select('kind').distinct().execute();
    const rows = await this.db.selectFrom('alarm_observations').selectAll().where('cleared', '=', 0).execute();
    return {
      kinds: new Set(kinds.map((k) => k.kind as ObservationKind)),
      rows: rows.map((r) => ({
        kind: r.kind as ObservationKind,
        key: r.key,
        at: new Date(r.at),
        payload: JSON.parse(r.payload) as unknown,
        cleared: false,
      })),
    };
  }
}
