import { randomUUID } from 'node:crypto';
import { AppError, localDate, type Clock } from '@meterflow/core';
import { wallet } from '@meterflow/core/payments/ledger-account';
import { refundApprovedEntry } from '@meterflow/core/payments/payment-entries';
import { postEntry, step, type Store } from '@meterflow/store';
import type { Principal } from '../auth/principal.ts';

export interface RefundRequest {
  accountId: string;
  amountFen: number;
  reason: string;
  paymentOrderId?: string;
}

/** Refunds out of a customer's credit: one staff member asks, a different one approves (four eyes). */
export class RefundService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: string,
  ) {}

  async request(p: Principal, r: RefundRequest) {
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
    return (await this.store.payments.office.getRefund(id))!;
  }

  /** Approves (posting Dr wallet / Cr refunds payable) or rejects; the requester may do neither. */
  async decide(p: Principal, id: string, approve: boolean) {
    const refund = await this.store.payments.office.getRefund(id);
    if (!refund) throw new AppError('NOT_FOUND', `refund ${id} not found`);
    if (refund.state !== 'requested') throw new AppError('STATE_INVALID', `refund ${id} is already ${refund.state}`);
    if (refund.requested_by === p.userId)
      throw new AppError('FORBIDDEN', 'a refund must be approved by someone other than the person who requested it');
    const now = this.clock.now();
    const at = now.toISOString();
    if (approve) {
      const day = localDate(now, this.zone);
      await this.store.payments.ledger.run(function* () {
        const held = 0 - (yield* step('sumAccount', wallet(refund.account_id)));
        const amount = Number(refund.amount_fen);
        yield* postEntry(refundApprovedEntry(id, refund.account_id, amount, held, day, refund.reason), at);
      });
    }
    const state = approve ? 'approved' : 'rejected';
    if (!(await this.store.payments.office.decideRefund(id, state, p.userId, at)))
      throw new AppError('STATE_INVALID', `refund ${id} was decided by someone else just now`);
    await this.store.audit.append({
      at,
      actorUserId: p.userId,
      action: `refund_${state}`,
      entity: 'refund',
      entityId: id,
      detail: {},
    });
    return (await this.store.payments.office.getRefund(id))!;
  }
}
