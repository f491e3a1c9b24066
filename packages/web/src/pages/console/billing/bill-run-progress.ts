// How far a bill run has got, worked out from the run rows the page polls. A run bills its plan's
// books one after the other; a book's row only changes once the run reaches it, so a row still as
// it was before the run began (a book billed last time, waiting its turn) counts as not started.
import type { BillRun, BookRunResult, RunPlanBook } from '../../../api/billing-api.ts';

/** A run this page started and follows. */
export interface LiveRun {
  cycle: string;
  /** The books the run bills, in its order, with their accounts. */
  plan: RunPlanBook[];
  /** Each plan book's row mark (`rowMark`) before the run began. */
  before: Record<string, string>;
  /** The run is still going: this page's POST has not answered (or, for a run seen, a row is running). */
  inFlight: boolean;
  /** Set when the POST answered: every book of the plan is billed. */
  results?: BookRunResult[];
}

/** The figures of a row that change once a run takes the book. */
export function rowMark(r: BillRun): string {
  return [r.status, r.startedBy, r.finishedAt ?? '', r.accountsDone].join('|');
}

/** Marks of the rows of the plan's books before the run begins. */
export function marksBefore(rows: readonly BillRun[], cycle: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const r of rows) if (r.cycle === cycle) out[r.readingBookId] = rowMark(r);
  return out;
}

/** True once the run has taken the book (or has ended with every book billed). */
export function reached(live: LiveRun, row: BillRun | undefined): boolean {
  if (!row || row.cycle !== live.cycle) return false;
  if (live.results) return true;
  return row.status === 'running' || live.before[row.readingBookId] !== rowMark(row);
}

export interface CycleProgress {
  accountsDone: number;
  accountsTotal: number;
  books: number;
  booksDone: number;
  booksFailed: number;
  /** Plan books the run has not taken yet. */
  waiting: RunPlanBook[];
}

/** The whole run's figures: a book not yet taken counts its planned accounts as still to do. */
export function cycleProgress(live: LiveRun, rows: readonly BillRun[]): CycleProgress {
  const byBook = new Map(rows.filter((r) => r.cycle === live.cycle).map((r) => [r.readingBookId, r]));
  const out: CycleProgress = {
    accountsDone: 0,
    accountsTotal: 0,
    books: live.plan.length,
    booksDone: 0,
    booksFailed: 0,
    waiting: [],
  };
  for (const b of live.plan) {
    const row = byBook.get(b.readingBookId);
    if (!row || !reached(live, row)) {
      out.accountsTotal += b.accounts;
      out.waiting.push(b);
      continue;
    }
    out.accountsDone += row.accountsDone;
    out.accountsTotal += row.accountsTotal;
    if (row.status === 'calculated') out.booksDone++;
    if (row.status === 'failed') out.booksFailed++;
  }
  return out;
}

/**
 * A run this page did not start (another clerk's, the command line's, or one started before a
 * reload), seen from its rows: the first cycle with a book running, over the books listed for it.
 */
export function observedRun(rows: readonly BillRun[]): LiveRun | undefined {
  const running = rows.find((r) => r.status === 'running');
  if (!running) return undefined;
  const ofCycle = rows.filter((r) => r.cycle === running.cycle);
  return {
    cycle: running.cycle,
    plan: ofCycle.map((r) => ({ readingBookId: r.readingBookId, accounts: r.accountsTotal })),
    before: {},
    inFlight: true,
  };
}

/** Bills by status over every book of a finished run. */
export function resultCounts(results: readonly BookRunResult[]): Record<string, number> {
  const out: Record<string, number> = {};
  for (const r of results) for (const [k, v] of Object.entries(r.byStatus)) out[k] = (out[k] ?? 0) + v;
  return out;
}

/** The stage a book's cycle is in: the one still open, else the last one recorded. */
export function currentStage(run: BillRun): BillRun['stages'][number] | undefined {
  return run.stages.find((s) => s.endedAt === null) ?? run.stages.at(-1);
}

/** Puts freshly polled rows of one cycle (or of every cycle) in place of the rows held. */
export function mergeRuns(held: readonly BillRun[], fresh: readonly BillRun[], cycle?: string): BillRun[] {
  const kept = cycle === undefined ? [] : held.filter((r) => r.cycle !== cycle);
  // The server's order: newest cycle first, then by reading book.
  return [...kept, ...fresh].sort((a, b) =>
    a.cycle === b.cycle ? a.readingBookId.localeCompare(b.readingBookId) : b.cycle.localeCompare(a.cycle),
  );
}
