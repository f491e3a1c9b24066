import { sql, type Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';
import { DEDUCTION_KIND, deductionFingerprint, deductionKey, deductionMemo } from './deduction-rows.ts';

/** Most TOU registers stored per account in a load (matches core's MAX_BATCH_PERIODS). */
export const SETTLEMENT_MAX_PERIODS = 8;
/** Accounts committed per transaction: bounded WAL growth and room for payments in between. */
export const SETTLEMENT_COMMIT_CHUNK = 100_000;
/** Rows per multi-row INSERT (bound parameters stay far below both engines' limits). */
const ENTRY_ROWS_PER_INSERT = 200;
/** SQLite page cache while a run is in progress (KiB): a million accounts' index pages stay in memory. */
export const SETTLEMENT_CACHE_KIB = 262_144;
/** The register prepaid settlement prices. */
export const SETTLEMENT_REGISTER = 'forward-active';

/**
 * One day's inputs for every prepaid account not yet settled for it, as columns: row i of each
 * array is the same account. Registers are `count × stride`, NaN where a freeze read is missing.
 */
export interface SettlementLoad {
  day: string;
  count: number;
  stride: number;
  rowNo: Int32Array;
  accountId: string[];
  tariffCode: string[];
  periods: Uint8Array;
  multiplier: Uint32Array;
  cycleMonth: string[];
  cycleWh: Float64Array;
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
  cycleWhAfter: Float64Array;
  /** The cycle month the day belongs to (`YYYY-MM`). */
  cycleMonth: string;
}

type Row = [number, string, string, string, number, number, string, number, number, number, number];

/** Reads settlement inputs and commits deductions with the projection update, in bulk, on both dialects. */
export class SettlementStore {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
    private readonly sqlite: BetterSqlite3.Database | undefined,
  ) {}

  /** Accounts not settled for `day`, with their 00:00 freezes of `day` and `nextDay`. */
  async load(day: string, nextDay: string): Promise<SettlementLoad> {
    const accounts = await this.accountRows(day);
    const n = accounts.length;
    let stride = 1;
    for (const a of accounts) if (a[5] > stride) stride = a[5];
    const out: SettlementLoad = {
      day,
      count: n,
      stride,
      rowNo: new Int32Array(n),
      accountId: new Array<string>(n),
      tariffCode: new Array<string>(n),
      periods: new Uint8Array(n),
      multiplier: new Uint32Array(n),
      cycleMonth: new Array<string>(n),
      cycleWh: new Float64Array(n),
      availableFen: new Float64Array(n),
      warningFen: new Float64Array(n),
      stopFen: new Float64Array(n),
      startWh: new Float64Array(n * stride).fill(NaN),
      endWh: new Float64Array(n * stride).fill(NaN),
    };
    const indexOf = new Map<number, number>();
    accounts.forEach((a, i) => {
      out.rowNo[i] = a[0];
      out.accountId[i] = a[1];
      out.tariffCode[i] = a[3];
      out.multiplier[i] = a[4];
      out.periods[i] = a[5];
      out.cycleMonth[i] = a[6];
      out.cycleWh[i] = a[7];
      out.availableFen[i] = a[8];
      out.warningFen[i] = a[9];
      out.stopFen[i] = a[10];
      indexOf.set(a[0], i);
    });
    for (const [rowNo, tariff, date, wh] of await this.freezeRows(day, nextDay)) {
      const i = indexOf.get(rowNo);
      if (i === undefined) continue;
      const p = out.periods[i];
      // A one-period tariff prices the total register; a TOU tariff its period registers 1..p.
      const k = p === 1 ? (tariff === 0 ? 0 : -1) : tariff >= 1 && tariff <= p ? tariff - 1 : -1;
      if (k < 0) continue;
      (date === day ? out.startWh : out.endWh)[i * stride + k] = wh;
    }
    return out;
  }

  private async accountRows(day: string): Promise<Row[]> {
    const text = `SELECT row_no, account_id, meter_id, tariff_code, multiplier, periods, cycle_month, cycle_wh,
        available_fen, warning_fen, stop_fen FROM prepaid_accounts
      WHERE last_settled_date IS NULL OR last_settled_date < $1 ORDER BY row_no`;
    if (this.useRaw()) return this.sqlite!.prepare(text.replace('$1', '?')).raw().all(day) as Row[];
    const r = await sql<Record<string, unknown>>`${sql.raw(text.replace('$1', `'${safeDate(day)}'`))}`.execute(this.db);
    return r.rows.map((x) => [
      Number(x.row_no),
      String(x.account_id),
      String(x.meter_id),
      String(x.tariff_code),
      Number(x.multiplier),
      Number(x.periods),
      String(x.cycle_month),
      Number(x.cycle_wh),
      Number(x.available_fen),
      Number(x.warning_fen),
      Number(x.stop_fen),
    ]);
  }

  private async freezeRows(day: string, nextDay: string): Promise<[number, number, string, number][]> {
    // Two lookups so the freeze index is searched on every key column: the total register for
    // one-period tariffs, the period registers for TOU tariffs.
    const periodTariffs = Array.from({ length: SETTLEMENT_MAX_PERIODS }, (_, k) => k + 1).join(', ');
    const part = (
      tariffs: string,
      periods: string,
    ) => `SELECT p.row_no, f.tariff, f.date, f.value_wh FROM prepaid_accounts p
      JOIN daily_freezes f ON f.meter_id = p.meter_id AND f.register = '${SETTLEMENT_REGISTER}' AND f.tariff IN (${tariffs})
        AND f.date IN ($1, $2)
      WHERE p.periods ${periods} AND (p.last_settled_date IS NULL OR p.last_settled_date < $1)`;
    const text = `${part('0', '= 1')} UNION ALL ${part(periodTariffs, '> 1')}`;
    if (this.useRaw())
      return this.sqlite!.prepare(text.replaceAll('$1', '@d').replaceAll('$2', '@n'))
        .raw()
        .all({ d: day, n: nextDay }) as [number, number, string, number][];
    const q = text.replaceAll('$1', `'${safeDate(day)}'`).replaceAll('$2', `'${safeDate(nextDay)}'`);
    const r = await sql<Record<string, unknown>>`${sql.raw(q)}`.execute(this.db);
    return r.rows.map((x) => [Number(x.row_no), Number(x.tariff), String(x.date), Number(x.value_wh)]);
  }

  /** The highest ledger entry now (a run's watermark for balance refreshes). */
  async ledgerSeq(): Promise<number> {
    const r = await sql<{ s: number }>`SELECT CAST(COALESCE(MAX(seq), 0) AS BIGINT) AS s FROM ledger_entries`.execute(
      this.db,
    );
    return Number(r.rows[0]?.s ?? 0);
  }

  /**
   * Posts each charged account's deduction (Dr wallet / Cr prepaid estimates, idempotency key
   * `prepaid-deduction:A:D`) and moves its projection, in transactions of SETTLEMENT_COMMIT_CHUNK
   * accounts: an account's entry and its `last_settled_date` commit together, so a re-run after a
   * crash settles only what is left. Returns the number of entries posted.
   */
  async commit(load: SettlementLoad, c: SettlementCommit): Promise<number> {
    let posted = 0;
    for (let from = 0; from < c.count; from += SETTLEMENT_COMMIT_CHUNK) {
      const to = Math.min(c.count, from + SETTLEMENT_COMMIT_CHUNK);
      posted += this.useRaw() ? this.commitSqlite(load, c, from, to) : await this.commitKysely(load, c, from, to);
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

  private commitSqlite(load: SettlementLoad, c: SettlementCommit, from: number, to: number): number {
    const s = this.sqlite!;
    const entryStmt = (rows: number) =>
      s.prepare(
        `INSERT INTO ledger_entries (seq, idempotency_key, kind, business_date, memo, fingerprint, posted_at) VALUES ${'(?, ?, ?, ?, ?, ?, ?),'.repeat(rows).slice(0, -1)}`,
      );
    const lineStmt = (rows: number) =>
      s.prepare(
        `INSERT INTO ledger_lines (entry_seq, line_no, ledger_account, amount_fen, ref) VALUES ${'(?, ?, ?, ?, NULL),'.repeat(2 * rows).slice(0, -1)}`,
      );
    const fullEntries = entryStmt(ENTRY_ROWS_PER_INSERT);
    const fullLines = lineStmt(ENTRY_ROWS_PER_INSERT);
    // The projection moves with one UPDATE … FROM a temporary table filled by multi-row inserts:
    // far fewer statement runs than one UPDATE per account.
    s.exec('CREATE TEMP TABLE IF NOT EXISTS settle_moves (row_no INTEGER PRIMARY KEY, fen INTEGER, wh INTEGER)');
    const moveStmt = (rows: number) =>
      s.prepare(`INSERT INTO settle_moves (row_no, fen, wh) VALUES ${'(?, ?, ?),'.repeat(rows).slice(0, -1)}`);
    const fullMoves = moveStmt(ENTRY_ROWS_PER_INSERT);
    const applyMoves = s.prepare(
      `UPDATE prepaid_accounts SET available_fen = available_fen - m.fen, cycle_wh = m.wh, cycle_month = ?,
         last_settled_date = ?, last_charge_fen = m.fen, updated_at = ? FROM settle_moves m WHERE prepaid_accounts.row_no = m.row_no`,
    );
    const memo = deductionMemo(c.day);
    let posted = 0;
    s.transaction(() => {
      let seq = Number((s.prepare('SELECT COALESCE(MAX(seq), 0) AS m FROM ledger_entries').get() as { m: number }).m);
      let entries: unknown[] = [];
      let lines: unknown[] = [];
      let moves: unknown[] = [];
      let pending = 0;
      const flushMoves = () => {
        const n = moves.length / 3;
        if (n) (n === ENTRY_ROWS_PER_INSERT ? fullMoves : moveStmt(n)).run(moves);
        moves = [];
      };
      s.exec('DELETE FROM settle_moves');
      const flush = () => {
        if (pending === 0) return;
        (pending === ENTRY_ROWS_PER_INSERT ? fullEntries : entryStmt(pending)).run(entries);
        (pending === ENTRY_ROWS_PER_INSERT ? fullLines : lineStmt(pending)).run(lines);
        entries = [];
        lines = [];
        pending = 0;
      };
      for (let k = from; k < to; k++) {
        const i = c.index[k];
        const a = load.accountId[i];
        const fen = c.chargeFen[k];
        moves.push(load.rowNo[i], fen, c.cycleWhAfter[k]);
        if (moves.length === 3 * ENTRY_ROWS_PER_INSERT) flushMoves();
        if (fen <= 0) continue;
        seq++;
        entries.push(
          seq,
          deductionKey(a, c.day),
          DEDUCTION_KIND,
          c.day,
          memo,
          deductionFingerprint(a, c.day, fen),
          c.postedAt,
        );
        lines.push(seq, 1, `wallet/${a}`, fen, seq, 2, `prepaid_estimates/${a}`, -fen);
        posted++;
        if (++pending === ENTRY_ROWS_PER_INSERT) flush();
      }
      flush();
      flushMoves();
      applyMoves.run(c.cycleMonth, c.day, c.postedAt);
      s.exec('DELETE FROM settle_moves');
    }).immediate();
    return posted;
  }

  private async commitKysely(load: SettlementLoad, c: SettlementCommit, from: number, to: number): Promise<number> {
    const run = async (db: Kysely<Database>) => {
      const charged: number[] = [];
      for (let k = from; k < to; k++) {
        const i = c.index[k];
        const fen = c.chargeFen[k];
        await db
          .updateTable('prepaid_accounts')
          .set((eb) => ({
            available_fen: eb('available_fen', '-', fen),
            cycle_wh: c.cycleWhAfter[k],
            cycle_month: c.cycleMonth,
            last_settled_date: c.day,
            last_charge_fen: fen,
            updated_at: c.postedAt,
          }))
          .where('row_no', '=', load.rowNo[i])
          .execute();
        if (fen > 0) charged.push(k);
      }
      for (let j = 0; j < charged.length; j += ENTRY_ROWS_PER_INSERT) {
        await this.insertEntriesKysely(db, load, c, charged.slice(j, j + ENTRY_ROWS_PER_INSERT));
      }
      return charged.length;
    };
    if (this.db.isTransaction) return run(this.db);
    return this.db.transaction().execute(run);
  }

  private async insertEntriesKysely(db: Kysely<Database>, load: SettlementLoad, c: SettlementCommit, ks: number[]) {
    const seqs = await this.nextSeqs(db, ks.length);
    await db
      .insertInto('ledger_entries')
      .values(
        ks.map((k, j) => {
          const a = load.accountId[c.index[k]];
          return {
            seq: seqs[j],
            idempotency_key: deductionKey(a, c.day),
            kind: DEDUCTION_KIND,
            business_date: c.day,
            memo: deductionMemo(c.day),
            fingerprint: deductionFingerprint(a, c.day, c.chargeFen[k]),
            posted_at: c.postedAt,
          };
        }),
      )
      .execute();
    await db
      .insertInto('ledger_lines')
      .values(
        ks.flatMap((k, j) => {
          const a = load.accountId[c.index[k]];
          const fen = c.chargeFen[k];
          return [
            { entry_seq: seqs[j], line_no: 1, ledger_account: `wallet/${a}`, amount_fen: fen, ref: null },
            { entry_seq: seqs[j], line_no: 2, ledger_account: `prepaid_estimates/${a}`, amount_fen: -fen, ref: null },
          ];
        }),
      )
      .execute();
  }

  /** Entry numbers for n new entries: PostgreSQL hands them out from the serial's sequence. */
  private async nextSeqs(db: Kysely<Database>, n: number): Promise<number[]> {
    if (this.dialect === 'postgres') {
      const r = await sql<{ s: number }>`SELECT nextval(pg_get_serial_sequence('ledger_entries', 'seq')) AS s
        FROM generate_series(1, ${n})`.execute(db);
      return r.rows.map((x) => Number(x.s));
    }
    const r = await sql<{ m: number }>`SELECT COALESCE(MAX(seq), 0) AS m FROM ledger_entries`.execute(db);
    const base = Number(r.rows[0].m);
    return Array.from({ length: n }, (_, j) => base + j + 1);
  }
}

function safeDate(d: string): string {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(d)) throw new RangeError(`not a date: ${d}`);
  return d;
}
