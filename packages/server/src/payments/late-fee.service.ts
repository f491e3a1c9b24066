import { randomUUID } from 'node:crypto';
import { AppError, localDate, type Clock } from '@meterflow/core';
import { computeLateFee } from '@meterflow/core/payments/late-fee';
import { lateFeeChargeEntry, lateFeeWaiverEntry } from '@meterflow/core/payments/late-fee-entries';
import type { LateFeeRules } from '@meterflow/core/payments/late-fee-rules';
import { postEntry, step, type Store } from '@meterflow/store';
import type { Principal } from '../auth/principal.ts';

/** Late-fee items are told apart from bills by this ref prefix. */
export const LATE_FEE_REF_PREFIX = 'LF-';

/** 违约金: assessed on overdue bills by the rules (data), waivable by staff with a reason (audited). */
export class LateFeeService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: string,
    private readonly rules: LateFeeRules,
  ) {}

  /** Charges the late fee of one account as of a date on its overdue bills; nothing when none is due. */
  async assess(p: Principal, accountId: string, asOf: string) {
    const account = await this.store.accounts.get(accountId);
    if (!account) throw new AppError('NOT_FOUND', `account ${accountId} not found`);
    const customer = await this.store.customers.get(account.customerId);
    const open = await this.store.payments.ledger.openItems(accountId);
    const items = open
      .filter((i) => !i.ref.startsWith(LATE_FEE_REF_PREFIX) && i.dueDate < asOf)
      .map((i) => ({ ref: i.ref, amountFen: i.openFen, dueDate: i.dueDate }));
    const fee = computeLateFee({ residential: customer?.type === 'residential', asOf, items, rules: this.rules });
    if (fee.totalFen === 0) return { lateFeeRef: null, ...fee };
    const ref = `${LATE_FEE_REF_PREFIX}${accountId}-${asOf}`;
    const draft = lateFeeChargeEntry(
      ref,
      accountId,
      fee.totalFen,
      asOf,
      items.map((i) => i.ref),
    );
    await this.store.payments.ledger.post(draft, this.clock.now().toISOString(), [
      { ref, account_id: accountId, kind: 'late_fee', due_date: asOf, bill_month: null, energy_wh: null },
    ]);
    await this.audit(p, 'late_fee_assessed', ref, { accountId, asOf, totalFen: fee.totalFen });
    return { lateFeeRef: ref, ...fee };
  }

  /** Waives all or part of an open late fee; the reason and the approver are kept. */
  async waive(p: Principal, w: { accountId: string; lateFeeRef: string; amountFen: number; reason: string }) {
    const now = this.clock.now();
    const at = now.toISOString();
    const waiverId = `wv-${randomUUID()}`;
    const day = localDate(now, this.zone);
    const seq = await this.store.payments.ledger.run(function* () {
      const open = (yield* step('openItems', w.accountId)).find((i) => i.ref === w.lateFeeRef);
      if (!open || !w.lateFeeRef.startsWith(LATE_FEE_REF_PREFIX))
        throw new AppError('NOT_FOUND', `no open late fee ${w.lateFeeRef}`);
      const draft = lateFeeWaiverEntry({
        waiverId,
        lateFeeId: w.lateFeeRef,
        accountId: w.accountId,
        amountFen: w.amountFen,
        reason: w.reason,
        openFen: open.openFen,
        waivedOn: day,
        approvedBy: p.userId,
      });
      return (yield* postEntry(draft, at)).seq;
    });
    await this.store.payments.office.insertWaiver({
      id: waiverId,
      account_id: w.accountId,
      late_fee_ref: w.lateFeeRef,
      amount_fen: w.amountFen,
      reason: w.reason,
      approved_by: p.userId,
      waived_at: at,
      entry_seq: seq,
    });
    await this.audit(p, 'late_fee_waived', waiverId, { ...w });
    return { waiverId, entrySeq: seq };
  }

  private audit(p: Principal, action: string, entityId: string, detail: Record<string, unknown>) {
    return this.store.audit.append({
      at: this.clock.now().toISOString(),
      actorUserId: p.userId,
      action,
      entity: 'late_fee',
      entityId,
      detail,
    });
  }
}
