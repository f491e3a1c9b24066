import { AppError, localDate, type Clock } from '@meterflow/core';
import { prepaidTrueUpEntry } from '@meterflow/core/payments/prepaid-entries';
import type { BillTable, Store } from '@meterflow/store';
import type { PrepaidControlService } from './prepaid-control.service.ts';

/**
 * Month-end true-up: once the formal bill of a prepaid account is released onto its receivable,
 * the daily estimates of that month are cleared against it and the difference lands in the wallet
 * (core `prepaidTrueUpEntry`), posted through the payments ledger once per bill.
 */
export class TrueUpService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: string,
    private readonly control: PrepaidControlService,
  ) {}

  async trueUp(accountId: string, billId: string, billTotalFen: number, month: string) {
    if (!(await this.store.prepaid.accounts.get(accountId)))
      throw new AppError('NOT_FOUND', `account ${accountId} is not under prepaid cost control`);
    const history = await this.store.prepaid.accounts.deductionHistory(accountId, 31 * 2);
    const estimatesFen = history.filter((h) => h.date.startsWith(month)).reduce((s, h) => s + h.costFen, 0);
    return this.post(accountId, billId, billTotalFen, estimatesFen);
  }

  /**
   * The true-up of a bill as it is released, when its account is under prepaid cost control: the
   * daily deductions of the bill's own period (from its first day up to, not including, its end)
   * are the estimates it replaces. Undefined for any other account, or when there is nothing to
   * true up.
   */
  async ofReleasedBill(row: BillTable) {
    if (!(await this.store.prepaid.accounts.get(row.account_id))) return undefined;
    const days = Math.ceil((this.clock.now().getTime() - Date.parse(`${row.period_from}T00:00:00Z`)) / 86_400_000) + 2;
    const history = await this.store.prepaid.accounts.deductionHistory(row.account_id, Math.max(days, 1));
    const estimatesFen = history
      .filter((h) => h.date >= row.period_from && h.date < row.period_to)
      .reduce((s, h) => s + h.costFen, 0);
    const totalFen = Number(row.total_fen);
    if (totalFen === 0 && estimatesFen === 0) return undefined;
    return this.post(row.account_id, row.id, totalFen, estimatesFen);
  }

  private async post(accountId: string, billId: string, billTotalFen: number, estimatesFen: number) {
    const now = this.clock.now();
    const { draft, walletChangeFen } = prepaidTrueUpEntry({
      accountId,
      billId,
      billTotalFen,
      estimatesFen,
      trueUpDate: localDate(now, this.zone),
    });
    const posted = await this.store.payments.ledger.post(draft, now.toISOString());
    await this.control.evaluate([accountId]);
    return { entrySeq: posted.seq, created: posted.created, estimatesFen, billTotalFen, walletChangeFen };
  }
}
