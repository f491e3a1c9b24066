import { sql, type Kysely } from 'kysely';
import { AppError } from '@meterflow/core';
import type { Database } from '../schema.ts';
import type {
  BillAuditDecisionTable,
  BillAuditResultTable,
  BillStatus,
  BillTable,
  CreditNoteTable,
} from './billing-schema.ts';
import { billKeyRange, billsOfAccounts } from './bill-key-range.ts';
import { BILL_SUMMARY_COLUMNS, insertBillRows } from './bill-rows.ts';

/** Most bills one listing returns. */
export const BILL_LIST_MAX = 500;
/** Most ids in one IN list. */
const IN_LIST_MAX = 500;

/** A bill without its lines, for lists. */
export type BillSummaryRow = Omit<BillTable, 'lines'>;

export interface BillFilter {
  accountIds?: readonly string[];
  readingBookIds?: readonly string[];
  readingBookId?: string;
  cycle?: string;
  status?: BillStatus;
  /** Only bills customers may see (released). */
  releasedOnly?: boolean;
  limit?: number;
}

/** Bills, their audit results and decisions, and credit notes. */
export class BillRepository {
  /** `byKey`: find an account's bills by key range (SQLite, see bill-key-range.ts). */
  constructor(
    private readonly db: Kysely<Database>,
    private readonly byKey = false,
  ) {}

  async get(id: string): Promise<BillTable | undefined> {
    return this.db.selectFrom('bills').selectAll().where('id', '=', id).executeTakeFirst();
  }

  /** Bills without lines, newest cycle first. */
  async list(f: BillFilter): Promise<BillSummaryRow[]> {
    let q = this.db.selectFrom('bills').select(BILL_SUMMARY_COLUMNS);
    if (f.accountIds) {
      const ids = f.accountIds;
      q = q.where((eb) => billsOfAccounts(eb, ids, this.byKey));
    }
    if (f.readingBookIds) q = q.where('reading_book_id', 'in', f.readingBookIds.length ? [...f.readingBookIds] : ['']);
    if (f.readingBookId) q = q.where('reading_book_id', '=', f.readingBookId);
    if (f.cycle) q = q.where('cycle', '=', f.cycle);
    if (f.status) q = q.where('status', '=', f.status);
    if (f.releasedOnly) q = q.where('released_at', 'is not', null);
    return q
      .orderBy('cycle', 'desc')
      .orderBy('account_id')
      .orderBy('revision', 'desc')
      .limit(Math.min(f.limit ?? 100, BILL_LIST_MAX))
      .execute();
  }

  /** Energy of each account's latest bill revision in a book's cycle: the audit's history. */
  async energyByAccount(readingBookId: string, cycle: string): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('bills')
      .select(['account_id', 'energy_wh', 'revision'])
      .where('reading_book_id', '=', readingBookId)
      .where('cycle', '=', cycle)
      .where('status', '!=', 'rejected')
      .execute();
    const best = new Map<string, { e: number; r: number }>();
    for (const r of rows) {
      const b = best.get(r.account_id);
      if (!b || r.revision > b.r) best.set(r.account_id, { e: Number(r.energy_wh), r: r.revision });
    }
    return new Map([...best].map(([k, v]) => [k, v.e]));
  }

  /** Inserts single bills (rebills) and their audit results; an id already stored is kept. */
  async insert(bills: readonly BillTable[], audit: readonly BillAuditResultTable[] = []): Promise<void> {
    await insertBillRows(this.db, bills, audit);
  }

  async auditResults(billIds: readonly string[]): Promise<BillAuditResultTable[]> {
    const out: BillAuditResultTable[] = [];
    for (let i = 0; i < billIds.length; i += IN_LIST_MAX) {
      const ids = billIds.slice(i, i + IN_LIST_MAX);
      if (ids.length === 0) continue;
      out.push(...(await this.db.selectFrom('bill_audit_results').selectAll().where('bill_id', 'in', ids).execute()));
    }
    return out;
  }

  async decisions(billId: string): Promise<BillAuditDecisionTable[]> {
    return this.db
      .selectFrom('bill_audit_decisions')
      .selectAll()
      .where('bill_id', '=', billId)
      .orderBy('decided_at')
      .execute();
  }

  /** Records a decision on a held bill and moves it to approved or rejected; STATE_INVALID when not held. */
  async decide(d: BillAuditDecisionTable): Promise<void> {
    await this.db.transaction().execute(async (trx) => {
      const moved = await trx
        .updateTable('bills')
        .set({ status: d.decision })
        .where('id', '=', d.bill_id)
        .where('status', '=', 'held')
        .executeTakeFirst();
      if (Number(moved.numUpdatedRows) !== 1)
        throw new AppError('STATE_INVALID', `bill ${d.bill_id} is not waiting in the audit queue`);
      await trx.insertInto('bill_audit_decisions').values(d).execute();
    });
  }

  /** Bills of a book's cycle that may be released now (passed or approved, not yet released). */
  async releasable(readingBookId: string, cycle: string): Promise<BillTable[]> {
    return this.db
      .selectFrom('bills')
      .selectAll()
      .where('reading_book_id', '=', readingBookId)
      .where('cycle', '=', cycle)
      .where('status', 'in', ['passed', 'approved'])
      .orderBy('account_id')
      .execute();
  }

  /** Marks one bill released (电费发行); from then on the bill is frozen by a trigger. */
  async markReleased(id: string, at: string, by: string): Promise<boolean> {
    const r = await this.db
      .updateTable('bills')
      .set({ status: 'released', released_at: at, released_by: by })
      .where('id', '=', id)
      .where('status', 'in', ['passed', 'approved'])
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** The highest revision stored for an account's cycle. */
  async latestRevision(accountId: string, cycle: string): Promise<number> {
    let q = this.db
      .selectFrom('bills')
      .select(sql<number>`max(revision)`.as('r'))
      .where('account_id', '=', accountId)
      .where('cycle', '=', cycle);
    if (this.byKey) {
      const [from, to] = billKeyRange(`${accountId}.${cycle}`);
      q = q.where('id', '>=', from).where('id', '<', to);
    }
    const r = await q.executeTakeFirst();
    return r?.r === null || r?.r === undefined ? -1 : Number(r.r);
  }

  async insertCreditNote(n: CreditNoteTable): Promise<void> {
    await this.db.insertInto('credit_notes').values(n).execute();
  }

  async creditNoteOf(billId: string): Promise<CreditNoteTable | undefined> {
    return this.db.selectFrom('credit_notes').selectAll().where('bill_id', '=', billId).executeTakeFirst();
  }

  async creditNotes(accountIds: readonly string[]): Promise<CreditNoteTable[]> {
    if (accountIds.length === 0) return [];
    return this.db
      .selectFrom('credit_notes')
      .selectAll()
      .where('account_id', 'in', [...accountIds])
      .orderBy('issued_at', 'desc')
      .execute();
  }
}
