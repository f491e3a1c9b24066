import { sql, type Kysely, type Selectable } from 'kysely';
import type { Database } from '../schema.ts';
import type { RefundPayoutState, RefundPayoutTable, RefundTable } from './payments-schema.ts';
import { OFFICE_LIST_LIMIT } from './payments-office.repository.ts';

/** What the console shows for a refund: its decision, then how far the payout got. */
export type RefundStatus = 'requested' | 'rejected' | 'approved' | 'paying' | 'paid' | 'payout_failed';

export interface RefundWithPayout extends Selectable<RefundTable> {
  status: RefundStatus;
  payout: Selectable<RefundPayoutTable> | null;
}

/** Most lines one bank payout file carries; the rest go into the next file. */
export const PAYOUT_FILE_LINES_MAX = 5000;

const RETRYABLE: RefundPayoutState[] = ['pending', 'failed'];

/** Payouts of approved refunds: provider calls claimed one at a time, bank file lines claimed once per file. */
export class RefundPayoutRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insert(row: RefundPayoutTable): Promise<void> {
    await this.db.insertInto('refund_payouts').values(row).execute();
  }

  async get(refundId: string): Promise<Selectable<RefundPayoutTable> | undefined> {
    return this.db.selectFrom('refund_payouts').selectAll().where('refund_id', '=', refundId).executeTakeFirst();
  }

  /**
   * Claims a provider payout for one call: it must be waiting or failed, or stuck `sending` since
   * before `staleBefore` (a crashed call). False when it is paid or another call is under way.
   */
  async claimSend(refundId: string, at: string, staleBefore: string): Promise<boolean> {
    const r = await this.db
      .updateTable('refund_payouts')
      .set({ state: 'sending', attempts: sql<number>`attempts + 1`, updated_at: at })
      .where('refund_id', '=', refundId)
      .where('method', '=', 'provider')
      .where((eb) =>
        eb.or([
          eb('state', 'in', RETRYABLE),
          eb.and([eb('state', '=', 'sending'), eb('updated_at', '<', staleBefore)]),
        ]),
      )
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Records the payout as paid; false when it was paid already (a retry). */
  async markPaid(
    refundId: string,
    paid: { externalRef: string; paidAt: string; entrySeq: number },
    at: string,
  ): Promise<boolean> {
    const r = await this.db
      .updateTable('refund_payouts')
      .set({
        state: 'paid',
        external_ref: paid.externalRef,
        paid_at: paid.paidAt,
        entry_seq: paid.entrySeq,
        failure_reason: null,
        updated_at: at,
      })
      .where('refund_id', '=', refundId)
      .where('state', '<>', 'paid')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Records a failed attempt with its reason, only from the given states (never over a payment). */
  async markFailed(refundId: string, reason: string, at: string, from: RefundPayoutState[]): Promise<boolean> {
    const r = await this.db
      .updateTable('refund_payouts')
      .set({ state: 'failed', failure_reason: reason, updated_at: at })
      .where('refund_id', '=', refundId)
      .where('state', 'in', from)
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /**
   * Puts every waiting or failed bank payout (of accounts in `orgIds`, all when undefined) into the
   * file `fileId`, oldest first. The update itself claims each line, so two files made at once never
   * carry the same line; the claimed rows are read back.
   */
  async claimForFile(
    fileId: string,
    at: string,
    orgIds?: readonly string[],
    limit = PAYOUT_FILE_LINES_MAX,
  ): Promise<Selectable<RefundPayoutTable>[]> {
    await this.db
      .updateTable('refund_payouts')
      .set({ state: 'sent', file_id: fileId, attempts: sql<number>`attempts + 1`, updated_at: at })
      .where('state', 'in', RETRYABLE)
      .where('refund_id', 'in', (eb) => {
        let q = eb
          .selectFrom('refund_payouts as p')
          .innerJoin('refunds as r', 'r.id', 'p.refund_id')
          .innerJoin('accounts as a', 'a.id', 'r.account_id')
          .select('p.refund_id')
          .where('p.method', '=', 'bank_file')
          .where('p.state', 'in', RETRYABLE);
        if (orgIds) q = q.where('a.org_id', 'in', orgIds.length ? [...orgIds] : ['']);
        return q.orderBy('p.created_at').orderBy('p.refund_id').limit(limit);
      })
      .execute();
    return this.db
      .selectFrom('refund_payouts')
      .selectAll()
      .where('file_id', '=', fileId)
      .orderBy('created_at')
      .orderBy('refund_id')
      .execute();
  }

  /** Refunds with their payouts, newest first; `status` filters on the console's status. */
  async list(filter: { status?: RefundStatus; orgIds?: readonly string[] } = {}): Promise<RefundWithPayout[]> {
    let q = this.db
      .selectFrom('refunds as r')
      .leftJoin('refund_payouts as p', 'p.refund_id', 'r.id')
      .selectAll('r')
      .select([
        'p.refund_id as p_refund_id',
        'p.method as p_method',
        'p.payment_order_id as p_payment_order_id',
        'p.state as p_state',
        'p.attempts as p_attempts',
        'p.failure_reason as p_failure_reason',
        'p.external_ref as p_external_ref',
        'p.file_id as p_file_id',
        'p.paid_at as p_paid_at',
        'p.entry_seq as p_entry_seq',
        'p.created_at as p_created_at',
        'p.updated_at as p_updated_at',
      ]);
    if (filter.orgIds) {
      const orgs = filter.orgIds.length ? [...filter.orgIds] : [''];
      q = q.where('r.account_id', 'in', (eb) => eb.selectFrom('accounts').select('id').where('org_id', 'in', orgs));
    }
    switch (filter.status) {
      case 'requested':
      case 'rejected':
        q = q.where('r.state', '=', filter.status);
        break;
      case 'approved':
        q = q
          .where('r.state', '=', 'approved')
          .where((eb) => eb.or([eb('p.state', 'is', null), eb('p.state', '=', 'pending')]));
        break;
      case 'paying':
        q = q.where('p.state', 'in', ['sending', 'sent']);
        break;
      case 'paid':
        q = q.where('p.state', '=', 'paid');
        break;
      case 'payout_failed':
        q = q.where('p.state', '=', 'failed');
        break;
    }
    const rows = await q.orderBy('r.requested_at', 'desc').orderBy('r.id', 'desc').limit(OFFICE_LIST_LIMIT).execute();
    return rows.map((row) => {
      const {
        p_refund_id,
        p_method,
        p_payment_order_id,
        p_state,
        p_attempts,
        p_failure_reason,
        p_external_ref,
        p_file_id,
        p_paid_at,
        p_entry_seq,
        p_created_at,
        p_updated_at,
        ...refund
      } = row;
      const payout: Selectable<RefundPayoutTable> | null = p_refund_id
        ? {
            refund_id: p_refund_id,
            method: p_method!,
            payment_order_id: p_payment_order_id ?? null,
            state: p_state!,
            attempts: Number(p_attempts),
            failure_reason: p_failure_reason ?? null,
            external_ref: p_external_ref ?? null,
            file_id: p_file_id ?? null,
            paid_at: p_paid_at ?? null,
            entry_seq: p_entry_seq === null || p_entry_seq === undefined ? null : Number(p_entry_seq),
            created_at: p_created_at!,
            updated_at: p_updated_at!,
          }
        : null;
      return {
        ...refund,
        amount_fen: Number(refund.amount_fen),
        status: refundStatus(refund.state, payout?.state),
        payout,
      };
    });
  }

  /** One refund with its payout. */
  async getWithPayout(refundId: string): Promise<RefundWithPayout | undefined> {
    const refund = await this.db.selectFrom('refunds').selectAll().where('id', '=', refundId).executeTakeFirst();
    if (!refund) return undefined;
    const payout = (await this.get(refundId)) ?? null;
    if (payout) payout.entry_seq = payout.entry_seq === null ? null : Number(payout.entry_seq);
    return {
      ...refund,
      amount_fen: Number(refund.amount_fen),
      status: refundStatus(refund.state, payout?.state),
      payout: payout ? { ...payout, attempts: Number(payout.attempts) } : null,
    };
  }
}

/** The console's status: the decision until approved, then the payout's progress. */
export function refundStatus(decision: RefundTable['state'], payout: RefundPayoutState | undefined): RefundStatus {
  if (decision !== 'approved') return decision;
  if (payout === 'paid') return 'paid';
  if (payout === 'failed') return 'payout_failed';
  if (payout === 'sending' || payout === 'sent') return 'paying';
  return 'approved';
}
