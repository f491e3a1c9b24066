import { randomUUID } from 'node:crypto';
import { AppError, localDate, type Clock, type Issue } from '@meterflow/core';
import { wallet } from '@meterflow/core/payments/ledger-account';
import {
  refundApprovalWithdrawnEntry,
  refundApprovedEntry,
  refundPaidEntry,
  type RefundPayout,
} from '@meterflow/core/payments/payment-entries';
import {
  postEntry,
  step,
  type RefundPayoutMethod,
  type RefundStatus,
  type RefundWithPayout,
  type Store,
} from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import type { Principal } from '../auth/principal.ts';
import { fenCell, parseCsv } from './csv-lines.ts';
import { PROVIDER_TIMEOUT_MS, type ProviderClient } from './provider-client.ts';

export interface RefundRequest {
  accountId: string;
  amountFen: number;
  reason: string;
  paymentOrderId?: string;
}

/** Bank payout file we send: one line per refund to pay, to the bank account on file for the electricity account. */
export const PAYOUT_FILE_HEADER = ['line_no', 'refund_id', 'attempt', 'account_no', 'amount_fen'] as const;
/** The bank's answer, one line per payout line; `paid_on` (the value date) is required on success. */
export const PAYOUT_RESULT_HEADER = [
  'line_no',
  'refund_id',
  'attempt',
  'amount_fen',
  'result',
  'bank_txn_id',
  'paid_on',
  'message',
] as const;
/** A provider call still `sending` after this long is taken as lost (the process died) and may be retried. */
export const PAYOUT_SENDING_STALE_MS = 4 * PROVIDER_TIMEOUT_MS;
/** Longest failure reason kept. */
const REASON_MAX = 300;

/**
 * Refunds out of a customer's credit: one staff member asks, a different one approves (four eyes),
 * then the money goes back where it came from — through the provider for a gateway payment, as a
 * line of a bank payout file otherwise. Ledger: approve Dr wallet / Cr refunds payable; paid out
 * Dr refunds payable / Cr cash in transit (online) or bank clearing (bank), once per refund.
 */
export class RefundService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: string,
    private readonly provider: ProviderClient,
    private readonly access: AccessPolicy,
  ) {}

  async request(p: Principal, r: RefundRequest) {
    if (r.paymentOrderId) await this.checkOrder(r);
    const at = this.clock.now().toISOString();
    const id = `rf-${randomUUID()}`;
    await this.store.transaction(async (tx) => {
      await tx.payments.office.insertRefund({
        id,
        account_id: r.accountId,
        payment_order_id: r.paymentOrderId ?? null,
        amount_fen: r.amountFen,
        reason: r.reason,
        state: 'requested',
        requested_by: p.userId,
        requested_at: at,
        decided_by: null,
        decided_at: null,
      });
      await tx.audit.append({
        at,
        actorUserId: p.userId,
        action: 'refund_requested',
        entity: 'refund',
        entityId: id,
        detail: { ...r },
      });
    });
    return this.view(id);
  }

  /** A refund against an order must name a paid order that credited this account at least that much. */
  private async checkOrder(r: RefundRequest): Promise<void> {
    const order = await this.store.payments.ledger.getOrder(r.paymentOrderId!);
    if (!order) throw new AppError('NOT_FOUND', `payment order ${r.paymentOrderId} not found`);
    const issues: Issue[] = [];
    const target = order.targets.find((t) => t.accountId === r.accountId);
    if (order.state !== 'paid') issues.push({ path: '/paymentOrderId', message: `order is ${order.state}, not paid` });
    if (!target) issues.push({ path: '/paymentOrderId', message: 'the order did not pay into this account' });
    else if (r.amountFen > target.amountFen)
      issues.push({ path: '/amountFen', message: `the order paid ${target.amountFen} fen into this account` });
    if (issues.length)
      throw new AppError('VALIDATION_FAILED', `refund against ${order.id}: ${issues[0].message}`, issues);
  }

  /**
   * Approves (posting Dr wallet / Cr refunds payable, then paying out) or rejects; the requester may
   * do neither. A provider payout is tried at once; its failure leaves the refund approved and
   * unpaid with the reason, for a retry.
   */
  async decide(p: Principal, id: string, approve: boolean) {
    const refund = await this.store.payments.office.getRefund(id);
    if (!refund) throw new AppError('NOT_FOUND', `refund ${id} not found`);
    if (refund.state !== 'requested') throw new AppError('STATE_INVALID', `refund ${id} is already ${refund.state}`);
    if (refund.requested_by === p.userId)
      throw new AppError('FORBIDDEN', 'a refund must be approved by someone other than the person who requested it');
    const now = this.clock.now();
    const at = now.toISOString();
    const day = localDate(now, this.zone);
    if (approve) {
      await this.store.payments.ledger.run(function* () {
        const held = 0 - (yield* step('sumAccount', wallet(refund.account_id)));
        const amount = Number(refund.amount_fen);
        yield* postEntry(refundApprovedEntry(id, refund.account_id, amount, held, day, refund.reason), at);
      });
    }
    const state = approve ? 'approved' : 'rejected';
    const method = approve ? await this.payoutMethod(refund.payment_order_id) : undefined;
    try {
      await this.record(p, id, state, method, refund.payment_order_id, at);
    } catch (e) {
      // The approval entry is posted before the decision is saved: when a rejection won meanwhile,
      // the entry is taken back (an approval that won keeps it: both posted the same key once).
      if (approve && (await this.store.payments.office.getRefund(id))?.state === 'rejected') {
        const draft = refundApprovalWithdrawnEntry(id, refund.account_id, Number(refund.amount_fen), day);
        await this.store.payments.ledger.run(function* () {
          yield* postEntry(draft, at);
        });
      }
      throw e;
    }
    if (method === 'provider') await this.payOutThroughProvider(p, id);
    return this.view(id);
  }

  /** Saves a decision (only on a refund still requested), its payout line and the audit record. */
  private async record(
    p: Principal,
    id: string,
    state: 'approved' | 'rejected',
    method: RefundPayoutMethod | undefined,
    orderId: string | null,
    at: string,
  ): Promise<void> {
    await this.store.transaction(async (tx) => {
      if (!(await tx.payments.office.decideRefund(id, state, p.userId, at)))
        throw new AppError('STATE_INVALID', `refund ${id} was decided by someone else just now`);
      if (method) await tx.payments.payouts.insert(newPayout(id, method, orderId, at));
      await tx.audit.append({
        at,
        actorUserId: p.userId,
        action: `refund_${state}`,
        entity: 'refund',
        entityId: id,
        detail: method ? { payout: method } : {},
      });
    });
  }

  /** Back through the provider when the refund names a paid gateway order; otherwise by bank payout file. */
  private async payoutMethod(orderId: string | null): Promise<RefundPayoutMethod> {
    if (!orderId) return 'bank_file';
    const order = await this.store.payments.ledger.getOrder(orderId);
    return order?.channel === 'online' && order.state === 'paid' ? 'provider' : 'bank_file';
  }

  /**
   * Retries a provider payout that failed (or starts one for a refund approved before payouts
   * existed). A paid refund is never paid again; a bank payout goes into the next payout file instead.
   */
  async retryPayout(p: Principal, id: string) {
    const refund = await this.store.payments.office.getRefund(id);
    if (!refund) throw new AppError('NOT_FOUND', `refund ${id} not found`);
    if (refund.state !== 'approved')
      throw new AppError('STATE_INVALID', `refund ${id} is ${refund.state}, not approved`);
    let payout = await this.store.payments.payouts.get(id);
    if (!payout) {
      const at = this.clock.now().toISOString();
      const method = await this.payoutMethod(refund.payment_order_id);
      await this.store.payments.payouts.insert(newPayout(id, method, refund.payment_order_id, at));
      payout = (await this.store.payments.payouts.get(id))!;
    }
    if (payout.state === 'paid') throw new AppError('STATE_INVALID', `refund ${id} is paid out already`);
    if (payout.method === 'bank_file')
      throw new AppError('STATE_INVALID', `refund ${id} is paid by bank payout file; it goes into the next file`);
    await this.payOutThroughProvider(p, id);
    return this.view(id);
  }

  /**
   * One provider call under a claim (two retries at once make one call). The provider is
   * idempotent by refund id and the entry by its key, so even a call repeated after a lost answer
   * pays out and posts once.
   */
  private async payOutThroughProvider(p: Principal, id: string): Promise<void> {
    const payouts = this.store.payments.payouts;
    const refund = (await this.store.payments.office.getRefund(id))!;
    const payout = (await payouts.get(id))!;
    const now = this.clock.now();
    const staleBefore = new Date(now.getTime() - PAYOUT_SENDING_STALE_MS).toISOString();
    if (!(await payouts.claimSend(id, now.toISOString(), staleBefore))) return;
    const amount = Number(refund.amount_fen);
    let failure: string | undefined;
    try {
      const r = await this.provider.refund(payout.payment_order_id!, {
        refundId: id,
        amountFen: amount,
        reason: refund.reason,
      });
      if (r.status === 'refunded' && r.providerRefundId && r.refundedAt && r.amountFen === amount) {
        await this.recordPaid(p, refund, { via: 'online', externalRef: r.providerRefundId }, r.refundedAt);
        return;
      }
      failure =
        r.status === 'refunded' ? `provider answered an unusable refund (${r.amountFen} fen)` : r.reason || 'refused';
    } catch (e) {
      failure = (e as Error).message;
    }
    const at = this.clock.now().toISOString();
    await payouts.markFailed(id, failure.slice(0, REASON_MAX), at, ['sending']);
    await this.store.audit.append({
      at,
      actorUserId: p.userId,
      action: 'refund_payout_failed',
      entity: 'refund',
      entityId: id,
      detail: { reason: failure.slice(0, REASON_MAX) },
    });
  }

  /** Posts Dr refunds payable / Cr cash (once per refund) and marks the payout paid. */
  private async recordPaid(
    p: Principal,
    refund: { id: string; account_id: string; amount_fen: number },
    via: RefundPayout & { externalRef: string },
    paidAt: string,
    paidOn = localDate(new Date(paidAt), this.zone),
  ): Promise<boolean> {
    const draft = refundPaidEntry(refund.id, refund.account_id, Number(refund.amount_fen), paidOn, via);
    const { seq } = await this.store.payments.ledger.post(draft, paidAt);
    const at = this.clock.now().toISOString();
    const fresh = await this.store.payments.payouts.markPaid(
      refund.id,
      { externalRef: via.externalRef, paidAt, entrySeq: seq },
      at,
    );
    if (fresh)
      await this.store.audit.append({
        at,
        actorUserId: p.userId,
        action: 'refund_paid',
        entity: 'refund',
        entityId: refund.id,
        detail: { via: via.via, externalRef: via.externalRef, entrySeq: seq },
      });
    return fresh;
  }

  /**
   * Makes a bank payout file of every bank payout waiting or failed in the user's branches; each
   * line goes into exactly one file (a failed one into the next file again, with a new attempt number).
   */
  async payoutFile(p: Principal) {
    const scope = await this.access.scopeOf(p);
    const now = this.clock.now();
    const at = now.toISOString();
    const fileId = `rp-${randomUUID()}`;
    const rows = await this.store.payments.payouts.claimForFile(fileId, at, scope.orgIds);
    const lines: string[] = [PAYOUT_FILE_HEADER.join(',')];
    let total = 0;
    for (const row of rows) {
      const refund = (await this.store.payments.office.getRefund(row.refund_id))!;
      const account = await this.store.accounts.get(refund.account_id);
      lines.push([lines.length, row.refund_id, row.attempts, account?.accountNo ?? '', refund.amount_fen].join(','));
      total += Number(refund.amount_fen);
    }
    const fileName = `refund-payout-${localDate(now, this.zone)}-${fileId.slice(3, 11)}.csv`;
    const csv = lines.join('\n') + '\n';
    await this.store.payments.office.insertBankBatch(
      {
        id: fileId,
        direction: 'out',
        file_name: fileName,
        created_by: p.userId,
        created_at: at,
        item_count: rows.length,
        total_fen: total,
        content: csv,
      },
      [],
    );
    return { fileId, fileName, lines: rows.length, totalFen: total, csv };
  }

  /** A payout file made earlier, again (the bank lost it, or staff need a copy). */
  async storedPayoutFile(fileId: string) {
    const batch = fileId.startsWith('rp-') ? await this.store.payments.office.getBankBatch(fileId) : undefined;
    if (!batch) throw new AppError('NOT_FOUND', `refund payout file ${fileId} not found`);
    return { fileName: batch.file_name, csv: batch.content };
  }

  /**
   * Reads the bank's payout result file. A success posts the payout once (its `bank_txn_id` and
   * `paid_on` make a second reading harmless); a failure leaves the refund approved and unpaid with
   * the bank's message, and the line goes into the next payout file. Any bad line refuses the file.
   */
  async payoutResult(p: Principal, text: string) {
    const issues: Issue[] = [];
    const rows = parseCsv(text, PAYOUT_RESULT_HEADER, 'refund payout result file').map(({ line, cells }) => {
      const [, refundId, attemptCell, amountCell, result, txn, paidOn, message] = cells;
      if (result !== 'success' && result !== 'fail')
        issues.push({ path: `line ${line}`, message: 'result must be success or fail' });
      if (result === 'success' && !txn) issues.push({ path: `line ${line}`, message: 'bank_txn_id is required' });
      if (result === 'success' && !/^\d{4}-\d{2}-\d{2}$/.test(paidOn))
        issues.push({ path: `line ${line}`, message: 'paid_on (YYYY-MM-DD) is required on success' });
      const attempt = /^\d{1,6}$/.test(attemptCell) ? Number(attemptCell) : NaN;
      if (Number.isNaN(attempt))
        issues.push({ path: `line ${line}`, message: `attempt "${attemptCell}" is not a number` });
      return { line, refundId, attempt, amountFen: fenCell(amountCell, line, issues), result, txn, paidOn, message };
    });
    const actions: {
      row: (typeof rows)[number];
      refund: { id: string; account_id: string; amount_fen: number };
      act: 'pay' | 'fail' | 'duplicate';
    }[] = [];
    for (const r of rows) {
      const refund = await this.store.payments.office.getRefund(r.refundId);
      const payout = await this.store.payments.payouts.get(r.refundId);
      const bad = (message: string) => issues.push({ path: `line ${r.line}`, message });
      if (!refund || !payout || payout.method !== 'bank_file') {
        bad(`no bank payout for refund ${r.refundId}`);
        continue;
      }
      if (Number(refund.amount_fen) !== r.amountFen) bad(`refund ${r.refundId} is for ${refund.amount_fen} fen`);
      const current = r.attempt === Number(payout.attempts);
      let act: 'pay' | 'fail' | 'duplicate';
      if (r.result === 'success') {
        if (payout.state === 'paid')
          if (payout.external_ref === r.txn) act = 'duplicate';
          else {
            bad(`refund ${r.refundId} was paid already by ${payout.external_ref}`);
            continue;
          }
        else if (!current || payout.state !== 'sent') {
          bad(`refund ${r.refundId} attempt ${r.attempt} is not the one waiting at the bank`);
          continue;
        } else act = 'pay';
      } else if (!current || payout.state === 'failed') act = 'duplicate';
      else if (payout.state === 'sent') act = 'fail';
      else {
        bad(`refund ${r.refundId} is ${payout.state}; a failure does not apply`);
        continue;
      }
      actions.push({ row: r, refund, act });
    }
    if (issues.length)
      throw new AppError(
        'IMPORT_REJECTED',
        `refund payout result file: ${issues.length} bad line(s), first ${issues[0].path}`,
        issues,
      );
    const out = { lines: rows.length, paid: 0, failed: 0, duplicates: 0 };
    for (const { row, refund, act } of actions) {
      if (act === 'duplicate') out.duplicates++;
      else if (act === 'pay') {
        const paidAt = this.clock.now().toISOString();
        const fresh = await this.recordPaid(p, refund, { via: 'bank', externalRef: row.txn }, paidAt, row.paidOn);
        if (fresh) out.paid++;
        else out.duplicates++;
      } else {
        const at = this.clock.now().toISOString();
        const reason = (row.message || 'failed at the bank').slice(0, REASON_MAX);
        if (await this.store.payments.payouts.markFailed(refund.id, reason, at, ['sent'])) {
          out.failed++;
          await this.store.audit.append({
            at,
            actorUserId: p.userId,
            action: 'refund_payout_failed',
            entity: 'refund',
            entityId: refund.id,
            detail: { reason },
          });
        } else out.duplicates++;
      }
    }
    return out;
  }

  /** Refunds with their payout, newest first, in the user's branches. */
  async list(p: Principal, status?: RefundStatus): Promise<RefundWithPayout[]> {
    return this.store.payments.payouts.list({ status, orgIds: await this.access.paymentSearchOrgs(p) });
  }

  async view(id: string): Promise<RefundWithPayout> {
    const r = await this.store.payments.payouts.getWithPayout(id);
    if (!r) throw new AppError('NOT_FOUND', `refund ${id} not found`);
    return r;
  }
}

function newPayout(refundId: string, method: RefundPayoutMethod, orderId: string | null, at: string) {
  return {
    refund_id: refundId,
    method,
    payment_order_id: method === 'provider' ? orderId : null,
    state: 'pending' as const,
    attempts: 0,
    failure_reason: null,
    external_ref: null,
    file_id: null,
    paid_at: null,
    entry_seq: null,
    created_at: at,
    updated_at: at,
  };
}
