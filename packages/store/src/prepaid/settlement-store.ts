import { sql, type Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';
import {
  DEDUCTION_BATCH_KIND,
  deductionBatchFingerprint,
  deductionBatchKey,
  deductionBatchMemo,
} from './deduction-rows.ts';

/** Most TOU registers stored per account in a load (matches core's MAX_BATCH_PERIODS). */
export const SETTLEMENT_MAX_PERIODS = 8;
/** Accounts committed per transaction: bounded WAL growth and room for payments in between. */
export const SETTLEMENT_COMMIT_CHUNK = 250_000;
/** Rows per multi-row INSERT of deduction items (3 bound parameters each, far below both engines' limits). */
const ITEM_ROWS_PER_INSERT = 300;
/** Account ids looked up per IN list. */
const ID_LOOKUP_CHUNK = 500;
/** SQLite page cache while a run is in progress (KiB): a million accounts' pages stay in memory. */
export const SETTLEMENT_CACHE_KIB = 262_144;
/** The register prepaid settlement prices. */
export const SETTLEMENT_REGISTER = 'forward-active';

/**
 * One day's inputs for every prepaid account not yet settled for it, as columns: row i of each
 * array is the same account (ascending `rowNo`). Registers are `count × stride`, NaN where a
 * freeze read is missing. Account ids are not loaded (a million strings); ask `accountIds`.
 */
export interface SettlementLoad {
  day: string;
  count: number;
  stride: number;
  rowNo: Int32Array;
  /** Index into the tariff codes the load was asked with; -1 for an unknown code. */
  tariffIndex: Int16Array;
  periods: Uint8Array;
  multiplier: Uint32Array;
  /** Energy of the billing cycle before the day: 0 when the stored cycle is an earlier month. */
  cycleWhBefore: Float64Array;
  availableFen: Float64Array;
  warningFen: Float64Array;
  stopFen: Float64Array;
  startWh: Float64Array;
  endWh: Float64Array;
}

/** What a run commits for a set of accounts (a subset of a load, by index into it). */
export interface SettlementCommit {
  day: string;
  postedAt: string;
  /** Indexes into the load of the accounts settled now. */
  index: Uint32Array;
  count: number;
  chargeFen: Float64Array;
  /** The day's energy of each settled account (after the multiplier). */
  dayWh: Float64Array;
  /** The cycle month the day belongs to (`YYYY-MM`). */
  cycleMonth: string;
}

/** Filters accounts a run still has to settle for `$d`. */
const UNSETTLED = `(p.last_settled_date IS NULL OR p.last_settled_date < @d)`;

/**
 * Reads settlement inputs and commits deductions with the projection update, in bulk, on both
 * dialects. On SQLite the reads are single scans that hand every row to a registered function
 * filling typed arrays (no row objects), and the commit writes one batch entry plus one item row
 * per account with multi-row INSERTs and updates the projection in one rowid-ordered pass.
 */
export class SettlementStore {
  /** Milliseconds of the last load and commit by step (SQLite path), for benchmarks and logs. */
  readonly timings: Record<string, number> = {};

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
    private readonly sqlite: BetterSqlite3.Database | undefined,
  ) {}

  /** Accounts not settled for `day`, with their 00:00 freezes of `day` and `nextDay`. */
  async load(day: string, nextDay: string, tariffCodes: readonly string[]): Promise<SettlementLoad> {
    safeDate(day);
    safeDate(nextDay);
    if (this.useRaw()) return this.loadSqlite(day, nextDay, tariffCodes);
    return this.loadKysely(day, nextDay, tariffCodes);
  }

  /** Account ids of the given row numbers, in the same order. */
  async accountIds(rowNos: ArrayLike<number>): Promise<string[]> {
    const byRow = new Map<number, string>();
    const all = Array.from(rowNos);
    for (let i = 0; i < all.length; i += ID_LOOKUP_CHUNK) {
      const rows = await this.db
        .selectFrom('prepaid_accounts')
        .select(['row_no', 'account_id'])
        .where('row_no', 'in', all.slice(i, i + ID_LOOKUP_CHUNK))
        .execute();
      for (const r of rows) byRow.set(Number(r.row_no), r.account_id);
    }
    return all.map((r) => byRow.get(r) ?? '');
  }

  private loadSqlite(day: string, nextDay: string, codes: readonly string[]): SettlementLoad {
    const s = this.sqlite!;
    const maxRow = Number(
      (s.prepare('SELECT COALESCE(MAX(row_no), 0) AS m FROM prepaid_accounts').get() as { m: number }).m,
    );
    const t0 = performance.now();
    const sink = new LoadSink(day, maxRow);
    const tariffCase = tariffCaseSql(codes);
    const params = { d: day, n: nextDay, m: day.slice(0, 7), ...tariffParams(codes) };
    // One ordered scan: every unsettled account joined to its total-register freezes of both days,
    // which sit next to each other in the freeze key (one index seek per account, not two).
    s.function('mf_settle_load', { directOnly: true }, sink.row);
    s.prepare(
      `SELECT COUNT(mf_settle_load(p.row_no, ${tariffCase}, p.periods, p.multiplier,
          CASE WHEN p.cycle_month = @m THEN p.cycle_wh ELSE 0 END, p.available_fen, p.warning_fen, p.stop_fen,
          f.date = @d, f.value_wh))
        FROM prepaid_accounts p
        LEFT JOIN daily_freezes f ON p.periods = 1 AND f.meter_id = p.meter_id AND f.register = '${SETTLEMENT_REGISTER}'
          AND f.tariff = 0 AND f.date BETWEEN @d AND @n
       WHERE ${UNSETTLED}`,
    ).get(params);
    this.timings.loadScan = performance.now() - t0;
    if (sink.stride > 1) {
      // TOU accounts price their period registers 1..p: a second join, only when any exist.
      sink.widen();
      s.function('mf_settle_load', { directOnly: true }, sink.period);
      const tariffs = Array.from({ length: SETTLEMENT_MAX_PERIODS }, (_, k) => k + 1).join(', ');
      s.prepare(
        `SELECT COUNT(mf_settle_load(p.row_no, f.tariff, f.date = @d, f.value_wh))
          FROM prepaid_accounts p
          JOIN daily_freezes f ON f.meter_id = p.meter_id AND f.register = '${SETTLEMENT_REGISTER}'
            AND f.tariff IN (${tariffs}) AND f.date BETWEEN @d AND @n
         WHERE p.periods > 1 AND f.tariff <= p.periods AND ${UNSETTLED}`,
      ).get({ d: day, n: nextDay });
    }
    return sink.finish();
  }

  private async loadKysely(day: string, nextDay: string, codes: readonly string[]): Promise<SettlementLoad> {
    const accounts = await sql<Record<string, unknown>>`
      SELECT p.row_no, p.tariff_code, p.periods, p.multiplier,
             CASE WHEN p.cycle_month = ${day.slice(0, 7)} THEN p.cycle_wh ELSE 0 END AS cycle_wh,
             p.available_fen, p.warning_fen, p.stop_fen
        FROM prepaid_accounts p
       WHERE p.last_settled_date IS NULL OR p.last_settled_date < ${day}
       ORDER BY p.row_no`.execute(this.db);
    const maxRow = accounts.rows.reduce((m, r) => Math.max(m, Number(r.row_no)), 0);
    const sink = new LoadSink(day, maxRow);
    const index = new Map(codes.map((c, i) => [c, i]));
    for (const r of accounts.rows)
      sink.row(
        Number(r.row_no),
        index.get(String(r.tariff_code)) ?? -1,
        Number(r.periods),
        Number(r.multiplier),
        Number(r.cycle_wh),
        Number(r.available_fen),
        Number(r.warning_fen),
        Number(r.stop_fen),
        null,
        null,
      );
    if (sink.stride > 1) sink.widen();
    const freezes = await sql<Record<string, unknown>>`
      SELECT p.row_no, p.periods, f.tariff, f.date, f.value_wh
        FROM prepaid_accounts p
        JOIN daily_freezes f ON f.meter_id = p.meter_id AND f.register = ${SETTLEMENT_REGISTER}
         AND f.date IN (${day}, ${nextDay})
       WHERE p.last_settled_date IS NULL OR p.last_settled_date < ${day}`.execute(this.db);
    for (const f of freezes.rows) {
      const periods = Number(f.periods);
      const tariff = Number(f.tariff);
      // A one-period tariff prices the total register; a TOU tariff its period registers 1..p.
      if (periods === 1 ? tariff !== 0 : tariff < 1 || tariff > periods) continue;
      // The total register of a one-period tariff is its first (and only) register.
      sink.period(Number(f.row_no), periods === 1 ? 1 : tariff, f.date === day ? 1 : 0, Number(f.value_wh));
    }
    return sink.finish();
  }

  /** The highest ledger entry now (a run's watermark for balance refreshes). */
  async ledgerSeq(): Promise<number> {
    const r = await sql<{ s: number }>`SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) AS s FROM ledger_entries`.execute(
      this.db,
    );
    return Number(r.rows[0]?.s ?? 0);
  }

  /**
   * Posts the deductions of the settled accounts as ledger batch items (one batch entry per
   * transaction of SETTLEMENT_COMMIT_CHUNK accounts, one item per account, amount 0 included) and
   * moves their projection: an account's item and its `last_settled_date` commit together, so a
   * re-run after a crash settles only what is left, and the item key (account, day) refuses a
   * second deduction. Returns the number of charged deductions (amount > 0).
   */
  async commit(load: SettlementLoad, c: SettlementCommit): Promise<number> {
    safeDate(c.day);
    const raw = this.useRaw();
    const s = this.sqlite;
    const autoCheckpoint = raw ? Number(s!.pragma('wal_autocheckpoint', { simple: true })) : 0;
    // Checkpoint once at the end instead of after every chunk's commit (each would copy the pages again).
    if (raw) s!.pragma('wal_autocheckpoint = 0');
    let posted = 0;
    this.timings.items = 0;
    this.timings.projection = 0;
    try {
      for (let from = 0, chunk = 0; from < c.count; from += SETTLEMENT_COMMIT_CHUNK, chunk++) {
        const to = Math.min(c.count, from + SETTLEMENT_COMMIT_CHUNK);
        posted += raw ? this.commitSqlite(load, c, from, to, chunk) : await this.commitKysely(load, c, from, to, chunk);
      }
    } finally {
      if (raw) {
        const t0 = performance.now();
        s!.pragma(`wal_autocheckpoint = ${autoCheckpoint}`);
        s!.pragma('wal_checkpoint(PASSIVE)');
        this.timings.checkpoint = performance.now() - t0;
      }
    }
    return posted;
  }

  private useRaw(): boolean {
    const raw = this.sqlite !== undefined && !this.db.isTransaction;
    if (raw && !this.cacheRaised) {
      this.sqlite!.pragma(`cache_size = -${SETTLEMENT_CACHE_KIB}`);
      this.cacheRaised = true;
    }
    return raw;
  }

  private cacheRaised = false;

  private commitSqlite(load: SettlementLoad, c: SettlementCommit, from: number, to: number, chunk: number): number {
    const s = this.sqlite!;
    let totalFen = 0;
    let posted = 0;
    let lo = Infinity;
    let hi = -Infinity;
    for (let k = from; k < to; k++) {
      const fen = c.chargeFen[k];
      totalFen += fen;
      if (fen > 0) posted++;
      const row = load.rowNo[c.index[k]];
      if (row < lo) lo = row;
      if (row > hi) hi = row;
    }
    // The projection's new figures by row number, read by the UPDATE's functions in one rowid pass.
    const at = new Int32Array(hi - lo + 1).fill(-1);
    for (let k = from; k < to; k++) at[load.rowNo[c.index[k]] - lo] = k;
    const pick = (arr: Float64Array) => (row: number) => {
      const k = at[row - lo];
      return k >= 0 ? arr[k] : null;
    };
    s.function('mf_settle_fen', { directOnly: true }, pick(c.chargeFen));
    s.function('mf_settle_wh', { directOnly: true }, pick(c.dayWh));
    const t0 = performance.now();
    s.transaction(() => {
      const batch = s
        .prepare(
          'INSERT INTO ledger_entries (idempotency_key, kind, business_date, memo, fingerprint, posted_at) VALUES (?, ?, ?, ?, ?, ?)',
        )
        .run(
          deductionBatchKey(c.day, c.postedAt, chunk),
          DEDUCTION_BATCH_KIND,
          c.day,
          deductionBatchMemo(c.day, to - from),
          deductionBatchFingerprint(c.day, to - from, totalFen),
          c.postedAt,
        );
      const seq = Number(batch.lastInsertRowid);
      const itemStmt = (rows: number) =>
        s.prepare(
          `INSERT INTO prepaid_deductions (account_row, day, amount_fen, day_wh, batch_seq) VALUES ${`(?, '${c.day}', ?, ?, ${seq}),`.repeat(rows).slice(0, -1)}`,
        );
      const full = itemStmt(ITEM_ROWS_PER_INSERT);
      const params: number[] = new Array(3 * ITEM_ROWS_PER_INSERT);
      for (let k = from; k < to; k += ITEM_ROWS_PER_INSERT) {
        const n = Math.min(ITEM_ROWS_PER_INSERT, to - k);
        if (n < ITEM_ROWS_PER_INSERT) params.length = 3 * n;
        for (let j = 0; j < n; j++) {
          params[3 * j] = load.rowNo[c.index[k + j]];
          params[3 * j + 1] = c.chargeFen[k + j];
          params[3 * j + 2] = c.dayWh[k + j];
        }
        (n === ITEM_ROWS_PER_INSERT ? full : itemStmt(n)).run(params);
      }
      const t1 = performance.now();
      this.timings.items += t1 - t0;
      s.prepare(
        `UPDATE prepaid_accounts SET available_fen = available_fen - mf_settle_fen(row_no),
           cycle_wh = CASE WHEN cycle_month = @m THEN cycle_wh ELSE 0 END + mf_settle_wh(row_no), cycle_month = @m,
           last_settled_date = @d, last_charge_fen = mf_settle_fen(row_no), updated_at = @at
         WHERE row_no BETWEEN @lo AND @hi AND mf_settle_fen(row_no) IS NOT NULL`,
      ).run({ m: c.cycleMonth, d: c.day, at: c.postedAt, lo, hi });
      this.timings.projection += performance.now() - t1;
    }).immediate();
    return posted;
  }

  private async commitKysely(
    load: SettlementLoad,
    c: SettlementCommit,
    from: number,
    to: number,
    chunk: number,
  ): Promise<number> {
    const run = async (db: Kysely<Database>) => {
      let totalFen = 0;
      let posted = 0;
      for (let k = from; k < to; k++) {
        totalFen += c.chargeFen[k];
        if (c.chargeFen[k] > 0) posted++;
      }
      const entry = await db
        .insertInto('ledger_entries')
        .values({
          idempotency_key: deductionBatchKey(c.day, c.postedAt, chunk),
          kind: DEDUCTION_BATCH_KIND,
          business_date: c.day,
          memo: deductionBatchMemo(c.day, to - from),
          fingerprint: deductionBatchFingerprint(c.day, to - from, totalFen),
          posted_at: c.postedAt,
        })
        .returning('seq')
        .executeTakeFirstOrThrow();
      const seq = Number(entry.seq);
      for (let k = from; k < to; k += ITEM_ROWS_PER_INSERT) {
        const rows = [];
        for (let j = k; j < Math.min(to, k + ITEM_ROWS_PER_INSERT); j++)
          rows.push({
            account_row: load.rowNo[c.index[j]],
            day: c.day,
            amount_fen: c.chargeFen[j],
            day_wh: c.dayWh[j],
            batch_seq: seq,
          });
        await db.insertInto('prepaid_deductions').values(rows).execute();
      }
      await sql`UPDATE prepaid_accounts SET available_fen = available_fen - d.amount_fen,
          cycle_wh = CASE WHEN cycle_month = ${c.cycleMonth} THEN cycle_wh ELSE 0 END + d.day_wh,
          cycle_month = ${c.cycleMonth}, last_settled_date = ${c.day}, last_charge_fen = d.amount_fen,
          updated_at = ${c.postedAt}
        FROM prepaid_deductions d
        WHERE d.batch_seq = ${seq} AND d.day = ${c.day} AND d.account_row = prepaid_accounts.row_no`.execute(db);
      return posted;
    };
    if (this.db.isTransaction) return run(this.db);
    return this.db.transaction().execute(run);
  }
}

/** Collects a load's rows into typed arrays by row number (the scans call it once per row). */
class LoadSink {
  count = 0;
  stride = 1;
  private readonly at: Int32Array;
  private readonly out: SettlementLoad;

  constructor(day: string, maxRow: number) {
    const n = maxRow;
    this.at = new Int32Array(maxRow + 1).fill(-1);
    this.out = {
      day,
      count: 0,
      stride: 1,
      rowNo: new Int32Array(n),
      tariffIndex: new Int16Array(n),
      periods: new Uint8Array(n),
      multiplier: new Uint32Array(n),
      cycleWhBefore: new Float64Array(n),
      availableFen: new Float64Array(n),
      warningFen: new Float64Array(n),
      stopFen: new Float64Array(n),
      startWh: new Float64Array(n).fill(NaN),
      endWh: new Float64Array(n).fill(NaN),
    };
  }

  /**
   * An account with (optionally) one total-register freeze. Fixed parameters, not a rest array:
   * the scan calls it a million times and an array per call costs more than the call.
   */
  readonly row = (
    row: number,
    tariffIndex: number,
    periods: number,
    multiplier: number,
    cycleWhBefore: number,
    availableFen: number,
    warningFen: number,
    stopFen: number,
    isStartDay: number | null,
    valueWh: number | null,
  ): number => {
    let i = this.at[row];
    const o = this.out;
    if (i < 0) {
      i = this.count++;
      this.at[row] = i;
      o.rowNo[i] = row;
      o.tariffIndex[i] = tariffIndex;
      o.periods[i] = periods;
      if (periods > this.stride) this.stride = Math.min(periods, SETTLEMENT_MAX_PERIODS);
      o.multiplier[i] = multiplier;
      o.cycleWhBefore[i] = cycleWhBefore;
      o.availableFen[i] = availableFen;
      o.warningFen[i] = warningFen;
      o.stopFen[i] = stopFen;
    }
    // Laid out one register per account until `widen` (the widest tariff is known only after the scan).
    if (valueWh !== null && periods === 1) (isStartDay ? o.startWh : o.endWh)[i] = valueWh;
    return 1;
  };

  /** A period register freeze of a TOU account (tariff 1..p). */
  readonly period = (row: number, tariff: number, isStartDay: number, valueWh: number): number => {
    const i = this.at[row];
    if (i >= 0) (isStartDay ? this.out.startWh : this.out.endWh)[i * this.stride + tariff - 1] = valueWh;
    return 1;
  };

  /** Re-lays the registers at the widest tariff's stride (after the accounts, before TOU freezes). */
  widen(): void {
    const o = this.out;
    const old = [o.startWh, o.endWh];
    const [start, end] = old.map(() => new Float64Array(o.rowNo.length * this.stride).fill(NaN));
    for (let i = 0; i < this.count; i++) {
      start[i * this.stride] = old[0][i];
      end[i * this.stride] = old[1][i];
    }
    o.startWh = start;
    o.endWh = end;
  }

  finish(): SettlementLoad {
    const o = this.out;
    const n = this.count;
    const S = this.stride;
    return {
      day: o.day,
      count: n,
      stride: S,
      rowNo: o.rowNo.subarray(0, n),
      tariffIndex: o.tariffIndex.subarray(0, n),
      periods: o.periods.subarray(0, n),
      multiplier: o.multiplier.subarray(0, n),
      cycleWhBefore: o.cycleWhBefore.subarray(0, n),
      availableFen: o.availableFen.subarray(0, n),
      warningFen: o.warningFen.subarray(0, n),
      stopFen: o.stopFen.subarray(0, n),
      startWh: o.startWh.subarray(0, n * S),
      endWh: o.endWh.subarray(0, n * S),
    };
  }
}

/** `CASE p.tariff_code WHEN @t0 THEN 0 … ELSE -1 END`: tariff indexes computed in the scan, no strings returned. */
function tariffCaseSql(codes: readonly string[]): string {
  if (codes.length === 0) return '-1';
  return `CASE p.tariff_code ${codes.map((_, i) => `WHEN @t${i} THEN ${i}`).join(' ')} ELSE -1 END`;
}

function tariffParams(codes: readonly string[]): Record<string, string> {
  return Object.fromEntries(codes.map((c, i) => [`t${i}`, c]));
}

function safeDate(d: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new RangeError(`not a date: ${d}`);
  return d;
}
