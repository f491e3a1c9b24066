import { AppError, localDate, type Clock } from '@meterflow/core';
import { DETERMINANT_FLAG, type BillDeterminantTable, type Store } from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import type { Principal } from '../auth/principal.ts';
import { postBillRelease, postCreditNote } from './bill-ledger.ts';
import type { BillingService } from './billing.service.ts';
import { computeChunk } from './compute-bill-batch.ts';
import { compileAll, storedTariffDocuments } from './tariff-catalogue.ts';

/** A correction of a released bill's determinants: only what changes. */
export interface Correction {
  /** Corrected active energy (secondary side, Wh) for a tariff billed on the total. */
  activeWh?: number;
  /** Corrected energy per TOU period (secondary side, Wh). */
  touWh?: Record<string, number>;
  /** The corrected read is an actual read. */
  actualRead?: boolean;
  reason: string;
}

/**
 * Corrections (退补): a released bill is never edited. A rebill issues a credit note on the original
 * (posted against what is still open on it, the rest to the wallet) and a new released bill
 * (next revision, `replaces_bill_id` = the original) calculated from the corrected determinants.
 */
export class RebillService {
  constructor(
    private readonly store: Store,
    private readonly access: AccessPolicy,
    private readonly clock: Clock,
    private readonly billing: BillingService,
  ) {}

  async rebill(p: Principal, billId: string, c: Correction) {
    this.access.requireRole(p, ['clerk', 'admin']);
    const original = await this.billing.billForStaff(p, billId);
    const bills = this.store.billing.bills;
    if (original.released_at === null)
      throw new AppError('STATE_INVALID', `bill ${billId} is not released; audit it instead`);
    if (await bills.creditNoteOf(billId)) throw new AppError('STATE_INVALID', `bill ${billId} was already credited`);
    const stored = await this.store.billing.determinants.get(original.account_id, original.cycle);
    if (!stored) throw new AppError('NOT_FOUND', `no determinants for bill ${billId}`);
    const corrected = applyCorrection(stored, c);
    const at = this.clock.now();
    const iso = at.toISOString();
    const revision = (await bills.latestRevision(original.account_id, original.cycle)) + 1;
    const ctx = {
      tariffs: compileAll(await storedTariffDocuments(this.store)),
      books: new Map(),
      thresholds: this.billing.thresholds,
    };
    const none = new Float64Array([-1]);
    const chunk = computeChunk(ctx, [corrected], { lastMonthWh: none, sameMonthLastYearWh: none }, iso);
    if (chunk.newLineMeta.length) await this.store.billing.tariffs.saveLineMeta(chunk.newLineMeta);
    const next = {
      ...chunk.bills[0],
      id: `${original.account_id}.${original.cycle}.${revision}`,
      revision,
      status: 'released' as const,
      released_at: iso,
      released_by: p.username,
      replaces_bill_id: original.id,
    };
    const note = { id: `cn-${original.id}`, reason: c.reason.trim() };
    await postCreditNote(this.store, note, original, await this.billing.views.decoded(original), localDate(at), iso);
    await this.store.billing.determinants.putMany([corrected]);
    await bills.insert([next]);
    await bills.insertCreditNote({
      id: note.id,
      bill_id: original.id,
      new_bill_id: next.id,
      account_id: original.account_id,
      amount_fen: Number(original.total_fen),
      reason: note.reason,
      issued_by: p.username,
      issued_at: iso,
    });
    await postBillRelease(this.store, next, await this.billing.views.decoded(next), localDate(at), iso);
    return { creditNoteId: note.id, original: original.id, bill: await this.billing.views.detail(next) };
  }
}

function applyCorrection(d: BillDeterminantTable, c: Correction): BillDeterminantTable {
  if (!c.reason.trim())
    throw new AppError('VALIDATION_FAILED', 'a reason is required', [{ path: '/reason', message: 'empty' }]);
  const out = { ...d };
  if (c.touWh) {
    if (!d.tou_wh)
      throw new AppError('VALIDATION_FAILED', 'this account is billed on its total', [
        { path: '/touWh', message: 'not a TOU account' },
      ]);
    out.tou_wh = JSON.stringify(c.touWh);
    out.active_wh = Object.values(c.touWh).reduce((a, b) => a + b, 0);
  } else if (c.activeWh !== undefined) {
    if (d.tou_wh)
      throw new AppError('VALIDATION_FAILED', 'give energy per period for this account', [
        { path: '/activeWh', message: 'TOU account' },
      ]);
    out.active_wh = c.activeWh;
  }
  if (c.actualRead) out.flags = Number(d.flags) & ~DETERMINANT_FLAG.estimated;
  out.source = `${d.source}+correction`;
  return out;
}
