import type { Kysely } from 'kysely';
import type SqliteDatabase from 'better-sqlite3';
import { AppError } from '@meterflow/core';
import {
  CYCLE_STAGES,
  finishStage,
  openBillingCycle,
  startStage,
  type BillingCycle,
  type CycleStage,
  type StageOutcome,
  type StageRecord,
} from '@meterflow/core/workflow/billing-cycle';
import type { Database } from '../schema.ts';
import type { CycleRunTable, CycleStageTable } from './alarms-schema.ts';

/** Rows per statement when loading or inserting cycles in bulk. */
export const CYCLE_CHUNK = 500;
export const CYCLE_LIST_MAX = 1000;
/** Distinct instants remembered while loading open cycles. */
const CYCLE_DATE_CACHE_MAX = 100_000;
const CYCLE_PATTERN = /^\d{4}-(0[1-9]|1[0-2])$/;

export interface OpenCycle {
  readingBookId: string;
  cycle: string;
  openedAt: Date;
  /** Defaults to the reading book's branch (org). */
  branchId?: string;
  /** Customer class used to pick stage limits; defaults to `residential`. */
  customerClass?: string;
}

export interface StageStart {
  readingBookId: string;
  cycle: string;
  stage: CycleStage;
  actor: string;
  at: Date;
}

export interface StageEnd extends StageStart {
  outcome: StageOutcome;
  note?: string;
}

const stageToRow = (c: BillingCycle, s: StageRecord): CycleStageTable => ({
  reading_book_id: c.readingBookId,
  cycle: c.cycle,
  stage: s.stage,
  attempts: s.attempts,
  started_at: s.startedAt.toISOString(),
  ended_at: s.endedAt?.toISOString() ?? null,
  actor: s.actor,
  outcome: s.outcome ?? null,
  note: s.note ?? null,
});

const stageFromRow = (r: CycleStageTable): StageRecord => ({
  stage: r.stage as CycleStage,
  startedAt: new Date(r.started_at),
  endedAt: r.ended_at ? new Date(r.ended_at) : undefined,
  actor: r.actor,
  outcome: (r.outcome ?? undefined) as StageOutcome | undefined,
  attempts: Number(r.attempts),
  note: r.note ?? undefined,
});

const order = (s: StageRecord) => CYCLE_STAGES.indexOf(s.stage);

/**
 * Billing-cycle stage records per (reading book, cycle). Billing calls `start` when a stage begins
 * and `end` when it succeeds or fails; the alarm sweep times every open cycle against its limits.
 * Run `start`/`end` inside the caller's transaction when they go with other writes.
 */
export class CycleStageRepository {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly sqlite?: SqliteDatabase.Database,
  ) {}

  /** Opens a cycle (idempotent: an existing cycle is returned unchanged). */
  async open(o: OpenCycle): Promise<BillingCycle> {
    const existing = await this.get(o.readingBookId, o.cycle);
    if (existing) return existing;
    if (!CYCLE_PATTERN.test(o.cycle)) {
      throw new AppError('VALIDATION_FAILED', `cycle ${o.cycle} is not YYYY-MM`, [
        { path: '/cycle', message: 'must be YYYY-MM' },
      ]);
    }
    let branchId = o.branchId;
    if (!branchId) {
      const book = await this.db
        .selectFrom('reading_books')
        .select('org_id')
        .where('id', '=', o.readingBookId)
        .executeTakeFirst();
      if (!book) throw new AppError('NOT_FOUND', `reading book ${o.readingBookId} not found`);
      branchId = book.org_id;
    }
    const c = openBillingCycle({
      readingBookId: o.readingBookId,
      cycle: o.cycle,
      branchId,
      customerClass: o.customerClass ?? 'residential',
      openedAt: o.openedAt,
    });
    await this.insertMany([c]);
    return c;
  }

  /** Starts (or restarts after failure) a stage; opens the cycle at `at` when it was not opened yet. */
  async start(s: StageStart): Promise<BillingCycle> {
    const c = await this.open({ readingBookId: s.readingBookId, cycle: s.cycle, openedAt: s.at });
    const next = startStage(c, s.stage, s.actor, s.at);
    await this.writeStage(next, s.stage);
    return next;
  }

  /** Ends a running stage; a successful last stage closes the cycle. */
  async end(s: StageEnd): Promise<BillingCycle> {
    const c = await this.get(s.readingBookId, s.cycle);
    if (!c) throw new AppError('NOT_FOUND', `cycle ${s.cycle} of reading book ${s.readingBookId} not found`);
    const next = finishStage(c, s.stage, s.outcome, s.at, s.actor, s.note);
    await this.writeStage(next, s.stage);
    if (s.stage === CYCLE_STAGES.at(-1) && s.outcome === 'succeeded') {
      await this.db
        .updateTable('cycle_runs')
        .set({ closed_at: s.at.toISOString() })
        .where('reading_book_id', '=', s.readingBookId)
        .where('cycle', '=', s.cycle)
        .execute();
    }
    return next;
  }

  private async writeStage(c: BillingCycle, stage: CycleStage): Promise<void> {
    const rec = c.stages.find((x) => x.stage === stage);
    if (!rec) return;
    const row = stageToRow(c, rec);
    await this.db
      .insertInto('cycle_stages')
      .values(row)
      .onConflict((oc) =>
        oc.columns(['reading_book_id', 'cycle', 'stage']).doUpdateSet({
          attempts: row.attempts,
          started_at: row.started_at,
          ended_at: row.ended_at,
          actor: row.actor,
          outcome: row.outcome,
          note: row.note,
        }),
      )
      .execute();
  }

  /** Inserts whole cycles with their stage records (demo data, imports, benchmarks). */
  async insertMany(cycles: readonly BillingCycle[]): Promise<void> {
    for (let i = 0; i < cycles.length; i += CYCLE_CHUNK) {
      const chunk = cycles.slice(i, i + CYCLE_CHUNK);
      await this.db
        .insertInto('cycle_runs')
        .values(
          chunk.map((c) => ({
            reading_book_id: c.readingBookId,
            cycle: c.cycle,
            branch_id: c.branchId,
            customer_class: c.customerClass,
            opened_at: c.openedAt.toISOString(),
            closed_at: closedAt(c),
          })),
        )
        .execute();
      const stages = chunk.flatMap((c) => c.stages.map((s) => stageToRow(c, s)));
      for (let j = 0; j < stages.length; j += CYCLE_CHUNK) {
        await this.db
          .insertInto('cycle_stages')
          .values(stages.slice(j, j + CYCLE_CHUNK))
          .execute();
      }
    }
  }

  async get(readingBookId: string, cycle: string): Promise<BillingCycle | undefined> {
    const run = await this.db
      .selectFrom('cycle_runs')
      .selectAll()
      .where('reading_book_id', '=', readingBookId)
      .where('cycle', '=', cycle)
      .executeTakeFirst();
    if (!run) return undefined;
    const stages = await this.db
      .selectFrom('cycle_stages')
      .selectAll()
      .where('reading_book_id', '=', readingBookId)
      .where('cycle', '=', cycle)
      .execute();
    return assemble(run, stages);
  }

  /** Every cycle not closed yet, with its stages: what the sweep times. */
  async listOpen(): Promise<BillingCycle[]> {
    if (this.sqlite) return listOpenRaw(this.sqlite);
    const runs = await this.db.selectFrom('cycle_runs').selectAll().where('closed_at', 'is', null).execute();
    const stages = await this.db
      .selectFrom('cycle_stages')
      .innerJoin('cycle_runs', (j) =>
        j
          .onRef('cycle_runs.reading_book_id', '=', 'cycle_stages.reading_book_id')
          .onRef('cycle_runs.cycle', '=', 'cycle_stages.cycle'),
      )
      .selectAll('cycle_stages')
      .where('cycle_runs.closed_at', 'is', null)
      .execute();
    const byKey = new Map<string, CycleStageTable[]>();
    for (const s of stages) {
      const k = `${s.reading_book_id}|${s.cycle}`;
      const list = byKey.get(k);
      if (list) list.push(s);
      else byKey.set(k, [s]);
    }
    return runs.map((r) => assemble(r, byKey.get(`${r.reading_book_id}|${r.cycle}`) ?? []));
  }

  /** Recent cycles (newest first), optionally of some branches or one reading book, without stages. */
  async listRuns(f: { orgIds?: readonly string[]; readingBookId?: string; limit?: number }): Promise<BillingCycle[]> {
    let q = this.db.selectFrom('cycle_runs').selectAll();
    if (f.orgIds) q = q.where('branch_id', 'in', f.orgIds.length ? [...f.orgIds] : ['\u0000']);
    if (f.readingBookId) q = q.where('reading_book_id', '=', f.readingBookId);
    const runs = await q
      .orderBy('cycle', 'desc')
      .orderBy('reading_book_id')
      .limit(Math.min(f.limit ?? 100, CYCLE_LIST_MAX))
      .execute();
    return runs.map((r) => assemble(r, []));
  }
}

function closedAt(c: BillingCycle): string | null {
  const last = c.stages.find((s) => s.stage === CYCLE_STAGES.at(-1));
  return last?.outcome === 'succeeded' && last.endedAt ? last.endedAt.toISOString() : null;
}

function assemble(run: CycleRunTable, stages: readonly CycleStageTable[]): BillingCycle {
  return {
    readingBookId: run.reading_book_id,
    cycle: run.cycle,
    branchId: run.branch_id,
    customerClass: run.customer_class,
    openedAt: new Date(run.opened_at),
    stages: stages.map(stageFromRow).sort((a, b) => order(a) - order(b)),
  };
}

type OpenRow = [
  book: string,
  cycle: string,
  branch: string,
  customerClass: string,
  openedAt: string,
  stage: string | null,
  attempts: number,
  startedAt: string,
  endedAt: string | null,
  actor: string,
  outcome: string | null,
  note: string | null,
];

/**
 * The embedded engine's fast path for the sweep: runs and their stages in one ordered pass as
 * plain rows. Books opened on the same reading day share instants, so each instant text is
 * turned into a Date once (the Dates are shared, never changed).
 */
function listOpenRaw(sqlite: SqliteDatabase.Database): BillingCycle[] {
  const rows = sqlite
    .prepare(
      `SELECT r.reading_book_id, r.cycle, r.branch_id, r.customer_class, r.opened_at,
              s.stage, s.attempts, s.started_at, s.ended_at, s.actor, s.outcome, s.note
       FROM cycle_runs r
       LEFT JOIN cycle_stages s ON s.reading_book_id = r.reading_book_id AND s.cycle = r.cycle
       WHERE r.closed_at IS NULL
       ORDER BY r.reading_book_id, r.cycle`,
    )
    .raw(true)
    .all() as OpenRow[];
  const dates = new Map<string, Date>();
  const date = (iso: string): Date => {
    let d = dates.get(iso);
    if (!d) {
      d = new Date(iso);
      if (dates.size >= CYCLE_DATE_CACHE_MAX) dates.clear();
      dates.set(iso, d);
    }
    return d;
  };
  const out: BillingCycle[] = [];
  let current: { cycle: BillingCycle; stages: StageRecord[] } | undefined;
  for (const r of rows) {
    if (!current || current.cycle.readingBookId !== r[0] || current.cycle.cycle !== r[1]) {
      const stages: StageRecord[] = [];
      const cycle = {
        readingBookId: r[0],
        cycle: r[1],
        branchId: r[2],
        customerClass: r[3],
        openedAt: date(r[4]),
        stages,
      };
      out.push(cycle);
      current = { cycle, stages };
    }
    if (r[5] === null) continue;
    current.stages.push({
      stage: r[5] as CycleStage,
      startedAt: date(r[7]),
      endedAt: r[8] ? date(r[8]) : undefined,
      actor: r[9],
      outcome: (r[10] ?? undefined) as StageOutcome | undefined,
      attempts: Number(r[6]),
      note: r[11] ?? undefined,
    });
  }
  for (const c of out) (c.stages as StageRecord[]).sort((a, b) => order(a) - order(b));
  return out;
}
