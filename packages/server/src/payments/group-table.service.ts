import { AppError, formatScaled, formatYuan, type Fen } from '@meterflow/core';
import type { Store } from '@meterflow/store';
import type { Principal } from '../auth/principal.ts';

export interface GroupMonthRow {
  month: string;
  customerId: string;
  customerName: string;
  accountId: string;
  accountNo: string;
  energyWh: number;
  costFen: number;
  arrearsFen: number;
}

/** An enterprise group's table: each subsidiary's consumption, cost and arrears by bill month. */
export class GroupTableService {
  constructor(private readonly store: Store) {}

  async subsidiaries(p: Principal) {
    const group = p.customerId ? await this.store.customers.get(p.customerId) : undefined;
    if (!group || group.type !== 'group')
      throw new AppError('NOT_FOUND', 'this user is not linked to an enterprise group');
    const subs = await this.store.customers.listByParent(group.id);
    const accounts = await this.store.accounts.listByCustomers(subs.map((s) => s.id));
    return { group, subs, accounts };
  }

  async months(p: Principal, from: string, to: string): Promise<GroupMonthRow[]> {
    if (from > to)
      throw new AppError('VALIDATION_FAILED', 'from is after to', [{ path: '/querystring/from', message: 'after to' }]);
    const { subs, accounts } = await this.subsidiaries(p);
    const rows = await this.store.payments.ledger.monthTable(
      accounts.map((a) => a.id),
      from,
      to,
    );
    const byId = new Map(accounts.map((a) => [a.id, a]));
    const names = new Map(subs.map((s) => [s.id, s.name]));
    return rows.map((r) => {
      const a = byId.get(r.accountId)!;
      return {
        month: r.month,
        customerId: a.customerId,
        customerName: names.get(a.customerId) ?? '',
        accountId: a.id,
        accountNo: a.accountNo,
        energyWh: r.energyWh,
        costFen: r.billedFen,
        arrearsFen: r.openFen,
      };
    });
  }

  /** The table as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese names). */
  static toCsv(rows: readonly GroupMonthRow[]): string {
    const head = 'month,subsidiary,account_no,energy_kwh,cost_yuan,arrears_yuan';
    const body = rows.map((r) =>
      [
        r.month,
        `"${r.customerName.replace(/"/g, '""')}"`,
        r.accountNo,
        formatScaled(r.energyWh, 3),
        formatYuan(r.costFen as Fen),
        formatYuan(r.arrearsFen as Fen),
      ].join(','),
    );
    return `\uFEFF${[head, ...body].join('\n')}\n`;
  }
}
