import { AppError, localDate, type Clock } from '@meterflow/core';
import { prepaidTrueUpEntry } from '@meterflow/core/payments/prepaid-entries';
import type { Store } from '@meterflow/store';
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
