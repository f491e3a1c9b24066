import { AppError, formatScaled, formatYuan, localDate, type Clock, type Fen } from '@meterflow/core';
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
  /** The current month before its bill is released: energy metered so far, no cost yet. */
  soFar: boolean;
  /** For a so-far row, the local date the metered energy runs to (today); null for billed rows. */
  asOf: string | null;
}

/** Metered energy of accounts over [from, to] (a port onto metering; see services.ts). */
export type MeteredEnergy = (
  accountIds: readonly string[],
  from: string,
  to: string,
) => Promise<Map<string, { wh: number; daysWithData: number; days: number }>>;

/**
 * An enterprise group's table: each subsidiary's consumption, cost and arrears by bill month, and
 * for the current month — until its bill is released — the consumption metered so far.
 */
export class GroupTableService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly zone: string,
    private readonly metered: MeteredEnergy,
  ) {}

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
    const row = (accountId: string, r: Omit<GroupMonthRow, 'customerId' | 'customerName' | 'accountNo'>) => {
      const a = byId.get(accountId)!;
      return { ...r, customerId: a.customerId, customerName: names.get(a.customerId) ?? '', accountNo: a.accountNo };
    };
    const out: GroupMonthRow[] = rows.map((r) =>
      row(r.accountId, {
        month: r.month,
        accountId: r.accountId,
        energyWh: r.energyWh,
        costFen: r.billedFen,
        arrearsFen: r.openFen,
        soFar: false,
        asOf: null,
      }),
    );
    const today = localDate(this.clock.now(), this.zone);
    const month = today.slice(0, 7);
    if (month >= from && month <= to) {
      const billed = new Set(rows.filter((r) => r.month === month).map((r) => r.accountId));
      const open = accounts.filter((a) => !billed.has(a.id));
      const energy = await this.metered(
        open.map((a) => a.id),
        `${month}-01`,
        today,
      );
      for (const a of open)
        out.push(
          row(a.id, {
            month,
            accountId: a.id,
            energyWh: Math.round(energy.get(a.id)?.wh ?? 0),
            costFen: 0,
            arrearsFen: 0,
            soFar: true,
            asOf: today,
          }),
        );
    }
    return out.sort((x, y) =>
      x.month !== y.month
        ? x.month < y.month
          ? -1
          : 1
        : x.accountId < y.accountId
          ? -1
          : x.accountId > y.accountId
            ? 1
            : 0,
    );
  }

  /**
   * The table as CSV (UTF-8 with BOM so spreadsheet programs read the Chinese names). `basis` tells
   * billed months from the current month metered so far (cost left empty, `as_of` = metered to).
   */
  static toCsv(rows: readonly GroupMonthRow[]): string {
    const head = 'month,subsidiary,account_no,energy_kwh,cost_yuan,arrears_yuan,basis,as_of';
    const body = rows.map((r) =>
      [
        r.month,
        `"${r.customerName.replace(/"/g, '""')}"`,
        r.accountNo,
        formatScaled(r.energyWh, 3),
        r.soFar ? '' : formatYuan(r.costFen as Fen),
        formatYuan(r.arrearsFen as Fen),
        r.soFar ? 'so_far' : 'billed',
        r.asOf ?? '',
      ].join(','),
    );
    return `\uFEFF${[head, ...body].join('\n')}\n`;
  }
}
