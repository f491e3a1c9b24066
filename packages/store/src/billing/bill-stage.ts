import { rmSync } from 'node:fs';
import SqliteDatabase from 'better-sqlite3';
import type BetterSqlite3 from 'better-sqlite3';
import { BILL_ROW_VALUES, putBillRow, type BillBatch } from './bill-batch.ts';
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

const STAGE_SCHEMA = `
  CREATE TABLE IF NOT EXISTS staged_bills (
    account_id text NOT NULL, customer_class text NOT NULL, tariff_id text NOT NULL, tariff_version integer NOT NULL,
    period_from text NOT NULL, period_to text NOT NULL, days integer NOT NULL, energy_wh integer NOT NULL,
    total_fen integer NOT NULL, net_fen integer NOT NULL, tax_fen integer NOT NULL, pf_hundredths integer,
    estimated integer NOT NULL, status text NOT NULL, lines text NOT NULL);
  CREATE TABLE IF NOT EXISTS staged_audit (account_id text NOT NULL, rule text NOT NULL, params text NOT NULL);`;

/** Bills per multi-row INSERT into a stage. */
const STAGE_INSERT_ROWS = 100;
const STAGE_PER_ROW = BILL_ROW_VALUES;

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
  private readonly audit: BetterSqlite3.Statement;
  private readonly clear: () => void;

  constructor(path: string) {
    this.db = new SqliteDatabase(path, { fileMustExist: true });
    this.db.pragma('journal_mode = OFF');
    this.db.pragma('synchronous = OFF');
    this.many = this.statement(STAGE_INSERT_ROWS);
    this.audit = this.db.prepare('INSERT INTO staged_audit (account_id, rule, params) VALUES (?, ?, ?)');
    const wipeBills = this.db.prepare('DELETE FROM staged_bills');
    const wipeAudit = this.db.prepare('DELETE FROM staged_audit');
    this.clear = () => {
      wipeBills.run();
      wipeAudit.run();
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
    this.db.transaction(() => {
      this.clear();
      const args: unknown[] = new Array(STAGE_INSERT_ROWS * STAGE_PER_ROW);
      for (let start = 0; start < bills.n; start += STAGE_INSERT_ROWS) {
        const rows = Math.min(STAGE_INSERT_ROWS, bills.n - start);
        if (rows < STAGE_INSERT_ROWS) args.length = rows * STAGE_PER_ROW;
        let a = 0;
        for (let i = start; i < start + rows; i++) a = putBillRow(args, a, det, bills, i);
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
        `INSERT INTO bills (id, account_id, cycle, revision, reading_book_id, calculated_at, customer_class, tariff_id,
           tariff_version, period_from, period_to, days, energy_wh, total_fen, net_fen, tax_fen, pf_hundredths, estimated,
           status, lines)
         SELECT account_id || ?, account_id, ?, 0, ?, ?, customer_class, tariff_id, tariff_version, period_from,
           period_to, days, energy_wh, total_fen, net_fen, tax_fen, pf_hundredths, estimated, status, lines
         FROM ${alias}.staged_bills WHERE true ORDER BY rowid
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
