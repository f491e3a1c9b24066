import { AppError, localDate, type Clock } from '@meterflow/core';
import { AUDIT_THRESHOLDS_DEFAULT, type AuditThresholds } from '@meterflow/core/billing/index';
import type { BillTable, Store } from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import type { Principal } from '../auth/principal.ts';
import { runBillCycle } from './bill-cycle-run.ts';
import { postBillRelease } from './bill-ledger.ts';
import type { BookRunResult } from './bill-run.service.ts';
import { BillViews, type BillDetailView, type BillView } from './bill-views.ts';
import { CycleStageRecorder } from './cycle-stage-recorder.ts';
import { isCycle } from './cycle-month.ts';
import { simulateMonth } from './simulated-determinants.ts';
import { storeCatalogue } from './tariff-catalogue.ts';
import { YieldingBillComputer } from './yielding-bill-computer.ts';

const RUNNERS = ['clerk', 'admin'] as const;
const AUDITORS = ['auditor', 'clerk', 'admin'] as const;
/** Longest reason a decision or a rebill may carry. */
export const REASON_MAX_CHARS = 500;

/** Bill runs, the audit queue, release and the bill views, each behind `services.access`. */
export class BillingService {
  readonly stages: CycleStageRecorder;
  /** The audit's thresholds every run of this service uses. */
  readonly thresholds: AuditThresholds;
  readonly views: BillViews;

  constructor(
    private readonly store: Store,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
    thresholds: AuditThresholds = AUDIT_THRESHOLDS_DEFAULT,
    /** Called for each bill being released once its receivable is posted (the prepaid true-up). */
    private readonly onReleased?: (row: BillTable) => Promise<unknown>,
  ) {
    this.stages = new CycleStageRecorder(store);
    this.thresholds = thresholds;
    this.views = new BillViews(store);
  }

  /** The reading books of the user's branches (all for an administrator), optionally one of them. */
  async booksInScope(p: Principal, readingBookId?: string): Promise<string[]> {
    this.access.requireStaff(p);
    const scope = await this.access.scopeOf(p);
    const books = await this.store.accounts.listReadingBooks(scope.orgIds);
    const ids = books.map((b) => b.id);
    if (readingBookId === undefined) return ids;
    if (!ids.includes(readingBookId)) throw new AppError('NOT_FOUND', `reading book ${readingBookId} not found`);
    return [readingBookId];
  }

  /** Simulated determinants for a month (demo and training; metering supplies them in production). */
  async simulate(p: Principal, cycle: string, readingBookId?: string) {
    this.access.requireRole(p, RUNNERS);
    checkCycle(cycle);
    await this.ensureCatalogue();
    return simulateMonth(this.store, cycle, await this.booksInScope(p, readingBookId), this.clock.now().toISOString());
  }

  /** Stores the shipped catalogue the first time billing is used on a database. */
  private async ensureCatalogue(): Promise<void> {
    if ((await this.store.billing.tariffs.list()).length === 0)
      await storeCatalogue(this.store, this.clock.now().toISOString());
  }

  /** The books in scope with determinants for the cycle, with their accounts: what `run` bills, in its order. */
  async plan(
    p: Principal,
    cycle: string,
    readingBookId?: string,
  ): Promise<{ readingBookId: string; accounts: number }[]> {
    checkCycle(cycle);
    const scope = new Set(await this.booksInScope(p, readingBookId));
    return (await this.store.billing.determinants.books(cycle)).filter((b) => scope.has(b.readingBookId));
  }

  /**
   * Runs the bill run of each book in scope that has determinants for the cycle, through one
   * pipeline: on worker threads from `PARALLEL_MIN_ACCOUNTS` accounts on (the server's thread then
   * only writes), else in the server's thread, one chunk per turn of the event loop. The shared
   * connection's commit settings are left as they are.
   */
  async run(p: Principal, cycle: string, readingBookId?: string): Promise<BookRunResult[]> {
    this.access.requireRole(p, RUNNERS);
    const books = await this.plan(p, cycle, readingBookId);
    if (books.length === 0) throw new AppError('STATE_INVALID', `no billing determinants for ${cycle} in scope`);
    const r = await runBillCycle(this.store, this.clock, {
      cycle,
      readingBookIds: books.map((b) => b.readingBookId),
      actor: p.username,
      holder: `http:${p.username}:${process.pid}`,
      thresholds: this.thresholds,
      bulk: false,
      // The run's own chunks must not keep the progress listing (GET /api/billing/runs) from answering.
      inline: (c) => new YieldingBillComputer(c),
    });
    return r.books;
  }

  /** Bill runs of the books in scope, with their stage timeline and bill counts. */
  async runs(p: Principal, cycle?: string) {
    const books = await this.booksInScope(p);
    const runs = await this.store.billing.runs.list({ readingBookIds: books, cycle, limit: 200 });
    return Promise.all(
      runs.map(async (r) => {
        const c = await this.store.alarms.cycleStages.get(r.reading_book_id, r.cycle);
        return {
          readingBookId: r.reading_book_id,
          cycle: r.cycle,
          status: r.status,
          accountsTotal: r.accounts_total,
          accountsDone: r.accounts_done,
          startedBy: r.started_by,
          startedAt: r.started_at,
          finishedAt: r.finished_at,
          error: r.error,
          bills: await this.store.billing.runs.statusCounts(r.reading_book_id, r.cycle),
          stages: (c?.stages ?? []).map((s) => ({
            stage: s.stage,
            startedAt: s.startedAt.toISOString(),
            endedAt: s.endedAt?.toISOString() ?? null,
            actor: s.actor,
            outcome: s.outcome ?? null,
            note: s.note ?? null,
          })),
        };
      }),
    );
  }

  /** Held bills of the books in scope: the manual audit queue, with the reasons. */
  async queue(p: Principal, cycle?: string, readingBookId?: string): Promise<BillView[]> {
    const books = await this.booksInScope(p, readingBookId);
    const rows = await this.store.billing.bills.list({ readingBookIds: books, cycle, status: 'held', limit: 500 });
    return this.views.summaries(rows);
  }

  /** Staff listing of bills in scope. */
  async staffBills(p: Principal, f: { cycle?: string; readingBookId?: string; status?: BillTable['status'] }) {
    const books = await this.booksInScope(p, f.readingBookId);
    return this.views.summaries(
      await this.store.billing.bills.list({ ...f, readingBookIds: books, readingBookId: undefined }),
    );
  }

  /** Approves or rejects a held bill with a reason; the audit stage ends when the book's queue empties. */
  async decide(
    p: Principal,
    billId: string,
    decision: 'approved' | 'rejected',
    reason: string,
  ): Promise<BillDetailView> {
    this.access.requireRole(p, AUDITORS);
    const bill = await this.billForStaff(p, billId);
    const trimmed = reason.trim();
    if (!trimmed)
      throw new AppError('VALIDATION_FAILED', 'a reason is required', [{ path: '/reason', message: 'empty' }]);
    const at = this.clock.now();
    await this.store.billing.bills.decide({
      bill_id: billId,
      decision,
      reason: trimmed.slice(0, REASON_MAX_CHARS),
      decided_by: p.username,
      decided_at: at.toISOString(),
    });
    const counts = await this.store.billing.runs.statusCounts(bill.reading_book_id, bill.cycle);
    if (!counts.held) await this.stages.end(bill.reading_book_id, bill.cycle, 'billAudit', p.username, at, true);
    return this.views.detail((await this.store.billing.bills.get(billId))!);
  }

  /** Releases (电费发行) every passed or approved bill of a book's cycle and posts its receivable. */
  async release(p: Principal, readingBookId: string, cycle: string) {
    this.access.requireRole(p, RUNNERS);
    await this.booksInScope(p, readingBookId);
    const counts = await this.store.billing.runs.statusCounts(readingBookId, cycle);
    if (counts.held) {
      throw new AppError(
        'STATE_INVALID',
        `${counts.held} bill(s) of ${readingBookId} ${cycle} wait in the audit queue`,
        [{ path: '/readingBookId', message: `${counts.held} held` }],
      );
    }
    const at = this.clock.now();
    await this.stages.begin(readingBookId, cycle, 'release', p.username, at);
    const releaseDate = localDate(at);
    let released = 0;
    let posted = 0;
    for (const row of await this.store.billing.bills.releasable(readingBookId, cycle)) {
      // Post first: the entry is idempotent by bill id, so a crash before marking repeats nothing.
      if (await postBillRelease(this.store, row, await this.views.decoded(row), releaseDate, at.toISOString()))
        posted++;
      // Settled before it is marked, so a release repeated after a failure here settles it then.
      await this.onReleased?.(row);
      if (await this.store.billing.bills.markReleased(row.id, at.toISOString(), p.username)) released++;
    }
    await this.stages.end(readingBookId, cycle, 'release', p.username, this.clock.now(), true, `${released} bills`);
    return { readingBookId, cycle, released, receivablesPosted: posted };
  }

  /** A bill for staff in scope (any status). */
  async billForStaff(p: Principal, billId: string): Promise<BillTable> {
    this.access.requireStaff(p);
    const bill = await this.store.billing.bills.get(billId);
    if (!bill) throw new AppError('NOT_FOUND', `bill ${billId} not found`);
    await this.access.account(p, bill.account_id);
    return bill;
  }

  /** A bill the user may see: staff in scope see every status, customers only released bills. */
  async billFor(p: Principal, billId: string): Promise<BillTable> {
    const bill = await this.store.billing.bills.get(billId);
    if (!bill) throw new AppError('NOT_FOUND', `bill ${billId} not found`);
    await this.access.account(p, bill.account_id);
    if (bill.released_at === null && !['clerk', 'auditor', 'dispatcher', 'admin'].includes(p.role))
      throw new AppError('NOT_FOUND', `bill ${billId} not found`);
    return bill;
  }

  /** Released bills of the customer's accounts (one account when given). */
  async customerBills(p: Principal, accountId?: string): Promise<BillView[]> {
    let ids: string[];
    if (accountId) ids = [(await this.access.account(p, accountId)).id];
    else {
      this.access.requireRole(p, ['customer', 'group_admin']);
      const scope = await this.access.scopeOf(p);
      ids = (await this.store.accounts.listByCustomers(scope.customerIds ?? [])).map((a) => a.id);
    }
    return this.views.summaries(await this.store.billing.bills.list({ accountIds: ids, releasedOnly: true }));
  }
}

function checkCycle(cycle: string): void {
  if (!isCycle(cycle))
    throw new AppError('VALIDATION_FAILED', `cycle ${cycle} is not YYYY-MM`, [{ path: '/cycle', message: 'YYYY-MM' }]);
}
