import { rmSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { BILL_VALUE, BILL_VALUES, type BillBatch } from './bill-batch.ts';
import type { DeterminantBatch } from './determinant-batch.ts';

/**
 * Staging files of a bill run on SQLite. Binding a million bills' values one by one is most of what
 * the single writer would do, so computing threads bind them instead: each writes its computed
 * chunk into a small scratch database (a "stage", no journal, no fsync — it is rebuilt from the
 * determinants if lost), and the writer copies the chunk into `bills` with one INSERT … SELECT from
 * the attached stage, which SQLite runs without any value crossing into JavaScript.
 *
 * A stage holds one chunk at a time: the run hands a stage to one computing thread, the writer
 * copies it, and only then is the stage handed out again.
 */

/*
 * A staged bill is narrow, because binding a value costs the computing thread about as much as the
 * bytes it carries: the four strings a chunk repeats (class, tariff, period) are one combination
 * number, resolved against `staged_combos` by the copy; version, days, held and estimated are one
 * packed integer (`META`); the net amount is the total less the tax, as the calculation makes it.
 */
const STAGE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS staged_combos (
    k integer PRIMARY KEY, customer_class text NOT NULL, tariff_id text NOT NULL, period_from text NOT NULL,
    period_to text NOT NULL);
  CREATE TABLE IF NOT EXISTS staged_bills (
    account_id text NOT NULL, combo integer NOT NULL, meta integer NOT NULL, energy_wh integer NOT NULL,
    total_fen integer NOT NULL, tax_fen integer NOT NULL, pf_hundredths integer, lines text NOT NULL);
  CREATE TABLE IF NOT EXISTS staged_audit (account_id text NOT NULL, rule text NOT NULL, params text NOT NULL);`;

/** `meta` = version × 2^20 + days × 4 + held × 2 + estimated. */
const META = { versionShift: 20, daysShift: 2, daysMax: (1 << 18) - 1, versionMax: 2 ** 32 - 1 } as const;

/** Bills per multi-row INSERT into a stage. */
const STAGE_INSERT_ROWS = 100;
const STAGE_PER_ROW = 8;

/** Creates an empty stage file (the run's side, before any thread writes it). */
export function createStageFile(path: string): void {
  const db = new SqliteDatabase(path);
  try {
    db.pragma('journal_mode = OFF');
    db.exec(STAGE_SCHEMA);
  } finally {
    db.close();
  }
}

/** Removes a stage file. */
export function removeStageFile(path: string): void {
  rmSync(path, { force: true });
}

/** The computing thread's side: writes a chunk into a stage, replacing what it held. */
export class BillStageWriter {
  private readonly connections = new Map<string, StageConnection>();

  write(path: string, det: DeterminantBatch, bills: BillBatch): void {
    let c = this.connections.get(path);
    if (!c) this.connections.set(path, (c = new StageConnection(path)));
    c.write(det, bills);
  }

  close(): void {
    for (const c of this.connections.values()) c.close();
    this.connections.clear();
  }
}

class StageConnection {
  private readonly db: BetterSqlite3.Database;
  private readonly many: BetterSqlite3.Statement;
  private readonly statements = new Map<number, BetterSqlite3.Statement>();
  private readonly combo: BetterSqlite3.Statement;
  private readonly audit: BetterSqlite3.Statement;
  private readonly clear: () => void;

  constructor(path: string) {
    this.db = new SqliteDatabase(path, { fileMustExist: true });
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.many = this.statement(STAGE_INSERT_ROWS);
    this.combo = this.db.prepare(
      'INSERT INTO staged_combos (k, customer_class, tariff_id, period_from, period_to) VALUES (?, ?, ?, ?, ?)',
    );
    this.audit = this.db.prepare('INSERT INTO staged_audit (account_id, rule, params) VALUES (?, ?, ?)');
    const wipe = ['staged_combos', 'staged_bills', 'staged_audit'].map((t) => this.db.prepare(`DELETE FROM ${t}`));
    this.clear = () => {
      for (const w of wipe) w.run();
    };
  }

  private statement(rows: number): BetterSqlite3.Statement {
    let s = this.statements.get(rows);
    if (!s) {
      const tuple = `(${new Array(STAGE_PER_ROW).fill('?').join(',')})`;
      s = this.db.prepare(`INSERT INTO staged_bills VALUES ${new Array(rows).fill(tuple).join(',')}`);
      this.statements.set(rows, s);
    }
    return s;
  }

  write(det: DeterminantBatch, bills: BillBatch): void {
    const combos = comboNumbers(det);
    this.db.transaction(() => {
      this.clear();
      const d = det.dict;
      for (let k = 0; k < combos.first.length; k++) {
        const i = combos.first[k];
        this.combo.run(k, d[det.customerClass[i]], d[det.tariffId[i]], d[det.periodFrom[i]], d[det.periodTo[i]]);
      }
      const v = bills.values;
      const args: unknown[] = new Array(STAGE_INSERT_ROWS * STAGE_PER_ROW);
      for (let start = 0; start < bills.n; start += STAGE_INSERT_ROWS) {
        const rows = Math.min(STAGE_INSERT_ROWS, bills.n - start);
        if (rows < STAGE_INSERT_ROWS) args.length = rows * STAGE_PER_ROW;
        let a = 0;
        for (let i = start; i < start + rows; i++) {
          const o = i * BILL_VALUES;
          const pf = v[o + BILL_VALUE.pfHundredths];
          args[a++] = det.accountIds[i];
          args[a++] = combos.of[i];
          args[a++] = metaOf(det.accountIds[i], v, o);
          args[a++] = v[o + BILL_VALUE.energyWh];
          args[a++] = v[o + BILL_VALUE.totalFen];
          args[a++] = v[o + BILL_VALUE.taxFen];
          args[a++] = pf < 0 ? null : pf;
          args[a++] = bills.lines[i];
        }
        (rows === STAGE_INSERT_ROWS ? this.many : this.statement(rows)).run(args);
      }
      for (let k = 0; k < bills.auditRows.length; k++)
        this.audit.run(det.accountIds[bills.auditRows[k]], bills.auditRules[k], bills.auditParams[k]);
    })();
  }

  close(): void {
    this.db.close();
  }
}

/**
 * Numbers the batch's (class, tariff, period from, period to) combinations in the order they first
 * occur: each row's number, and the first row of each.
 */
function comboNumbers(det: DeterminantBatch): { of: Int32Array; first: number[] } {
  const of = new Int32Array(det.n);
  const first: number[] = [];
  const size = det.dict.length;
  // Four dictionary indexes make one exact number while size⁴ stays below 2^53; past that, a text key.
  const numeric = size ** 4 < Number.MAX_SAFE_INTEGER;
  const seen = new Map<number | string, number>();
  for (let i = 0; i < det.n; i++) {
    const cc = det.customerClass[i];
    const tf = det.tariffId[i];
    const pf = det.periodFrom[i];
    const pt = det.periodTo[i];
    const key = numeric ? ((cc * size + tf) * size + pf) * size + pt : `${cc},${tf},${pf},${pt}`;
    let k = seen.get(key);
    if (k === undefined) {
      k = first.length;
      first.push(i);
      seen.set(key, k);
    }
    of[i] = k;
  }
  return { of, first };
}

/** A bill's version, days, held and estimated as the stage's one `meta` integer. */
function metaOf(account: string, v: Float64Array, o: number): number {
  const version = v[o + BILL_VALUE.tariffVersion];
  const days = v[o + BILL_VALUE.days];
  if (!Number.isInteger(version) || version < 0 || version > META.versionMax)
    throw new Error(`account ${account}: tariff version ${version} does not fit a staged bill`);
  if (!Number.isInteger(days) || days < 0 || days > META.daysMax)
    throw new Error(`account ${account}: ${days} days do not fit a staged bill`);
  if (v[o + BILL_VALUE.netFen] !== v[o + BILL_VALUE.totalFen] - v[o + BILL_VALUE.taxFen])
    throw new Error(`account ${account}: net and tax do not add up to the total`);
  return (
    version * 2 ** META.versionShift +
    days * 2 ** META.daysShift +
    (v[o + BILL_VALUE.held] ? 2 : 0) +
    (v[o + BILL_VALUE.estimated] ? 1 : 0)
  );
}

/** A stage attached to the writer's connection. */
export interface AttachedStage {
  path: string;
  alias: string;
}

const copies = new WeakMap<
  BetterSqlite3.Database,
  Map<string, { bills: BetterSqlite3.Statement; audit: BetterSqlite3.Statement }>
>();

/**
 * Copies a staged chunk into `bills` and `bill_audit_results` (revision 0 of the cycle; an id already
 * stored is kept, as on reruns) inside the caller's transaction; returns the bills inserted.
 */
export function copyStagedChunk(
  sqlite: BetterSqlite3.Database,
  alias: string,
  det: Pick<DeterminantBatch, 'cycle' | 'readingBookId'>,
  calculatedAt: string,
): number {
  let byAlias = copies.get(sqlite);
  if (!byAlias) copies.set(sqlite, (byAlias = new Map()));
  let s = byAlias.get(alias);
  if (!s) {
    s = {
      bills: sqlite.prepare(
        // Staged rows in the order they were written (the outer loop), each with its combination.
        `INSERT INTO bills (id, account_id, cycle, revision, reading_book_id, calculated_at, customer_class, tariff_id,
           tariff_version, period_from, period_to, days, energy_wh, total_fen, net_fen, tax_fen, pf_hundredths, estimated,
           status, lines)
         SELECT b.account_id || ?, b.account_id, ?, 0, ?, ?, c.customer_class, c.tariff_id,
           b.meta >> ${META.versionShift}, c.period_from, c.period_to, (b.meta >> ${META.daysShift}) & ${META.daysMax},
           b.energy_wh, b.total_fen, b.total_fen - b.tax_fen, b.tax_fen, b.pf_hundredths, b.meta & 1,
           CASE WHEN b.meta & 2 THEN 'held' ELSE 'passed' END, b.lines
         FROM ${alias}.staged_bills b CROSS JOIN ${alias}.staged_combos c ON c.k = b.combo WHERE true ORDER BY b.rowid
         ON CONFLICT(id) DO NOTHING`,
      ),
      audit: sqlite.prepare(
        `INSERT INTO bill_audit_results (bill_id, rule, params, created_at)
         SELECT account_id || ?, rule, params, ? FROM ${alias}.staged_audit WHERE true
         ON CONFLICT DO NOTHING`,
      ),
    };
    byAlias.set(alias, s);
  }
  const suffix = `.${det.cycle}.0`;
  const inserted = s.bills.run(suffix, det.cycle, det.readingBookId, calculatedAt).changes;
  s.audit.run(suffix, calculatedAt);
  return inserted;
}

/** Attaches stage files to the writer's connection as `<prefix>_<n>`; on failure none stays attached. */
export function attachStages(
  sqlite: BetterSqlite3.Database,
  paths: readonly string[],
  prefix: string,
): AttachedStage[] {
  if (!/^[a-z_][a-z0-9_]*$/.test(prefix)) throw new Error(`bad stage alias prefix ${prefix}`);
  const done: AttachedStage[] = [];
  try {
    paths.forEach((path, n) => {
      const alias = `${prefix}_${n}`;
      sqlite.prepare(`ATTACH DATABASE ? AS ${alias}`).run(path);
      done.push({ path, alias });
    });
  } catch (e) {
    detachStages(sqlite, done);
    throw e;
  }
  return done;
}

/** Detaches stages (their statements are dropped first: SQLite refuses to detach a database in use). */
export function detachStages(sqlite: BetterSqlite3.Database, stages: readonly AttachedStage[]): void {
  const byAlias = copies.get(sqlite);
  for (const s of stages) {
    byAlias?.delete(s.alias);
    sqlite.prepare(`DETACH DATABASE ${s.alias}`).run();
  }
}
