/** Maps stored records to the API's views; loads what a view needs in a few batched queries. */
import type { Account, Customer, Meter, Org, Store } from '@meterflow/store';

export interface AccountSummaryView {
  id: string;
  accountNo: string;
  customerId: string;
  customerName: string;
  customerType: Customer['type'];
  paymentMode: Account['paymentMode'];
  customerClass: string;
  voltageLevel: string;
  contractedCapacityKva: number;
  orgId: string;
  orgName: string;
  address: string;
  status: Account['status'];
}

export interface MeterViewData {
  id: string;
  assetNo: string;
  address: string;
  phases: number;
  ctRatio: number;
  ptRatio: number;
  multiplier: number;
  installedOn: string;
  removedOn: string | null;
}

export interface AccountDetailView {
  account: AccountSummaryView;
  readingBook: { id: string; code: string; name: string; readingDay: number } | null;
  servicePoints: { id: string; name: string; meters: MeterViewData[] }[];
}

/** Masks all but the first three and last two characters of a phone number: 138******21. */
export function maskPhone(phone: string): string {
  if (phone.length <= 5) return '*'.repeat(phone.length);
  return phone.slice(0, 3) + '*'.repeat(phone.length - 5) + phone.slice(-2);
}

export const meterView = (m: Meter): MeterViewData => ({
  id: m.id,
  assetNo: m.assetNo,
  address: m.address,
  phases: m.phases,
  ctRatio: m.ctRatio,
  ptRatio: m.ptRatio,
  multiplier: m.ctRatio * m.ptRatio,
  installedOn: m.installedOn,
  removedOn: m.removedOn,
});

export class CustomerViews {
  private orgCache: Map<string, Org> | undefined;

  constructor(private readonly store: Store) {}

  async orgs(): Promise<Map<string, Org>> {
    this.orgCache ??= new Map((await this.store.orgs.list()).map((o) => [o.id, o]));
    return this.orgCache;
  }

  async summaries(accounts: readonly Account[]): Promise<AccountSummaryView[]> {
    const orgs = await this.orgs();
    const customerIds = [...new Set(accounts.map((a) => a.customerId))];
    const customers = new Map<string, Customer>();
    for (const id of customerIds) {
      const c = await this.store.customers.get(id);
      if (c) customers.set(id, c);
    }
    return accounts.map((a) => {
      const c = customers.get(a.customerId);
      return {
        id: a.id,
        accountNo: a.accountNo,
        customerId: a.customerId,
        customerName: c?.name ?? '',
        customerType: c?.type ?? 'residential',
        paymentMode: a.paymentMode,
        customerClass: a.customerClass,
        voltageLevel: a.voltageLevel,
        contractedCapacityKva: a.contractedCapacityKva,
        orgId: a.orgId,
        orgName: orgs.get(a.orgId)?.name ?? '',
        address: a.address,
        status: a.status,
      };
    });
  }

  async details(accounts: readonly Account[]): Promise<AccountDetailView[]> {
    const summaries = await this.summaries(accounts);
    const points = await this.store.accounts.listServicePoints(accounts.map((a) => a.id));
    const meters = await this.store.meters.listByServicePoints(points.map((p) => p.id));
    return accounts.map((a, i) => ({
      account: summaries[i],
      readingBook: null,
      servicePoints: points
        .filter((p) => p.accountId === a.id)
        .map((p) => ({
          id: p.id,
          name: p.name,
          meters: meters.filter((m) => m.servicePointId === p.id).map(meterView),
        })),
    }));
  }

  async detail(account: Account): Promise<AccountDetailView> {
    const [view] = await this.details([account]);
    if (account.readingBookId) {
      const b = await this.store.accounts.getReadingBook(account.readingBookId);
      if (b) view.readingBook = { id: b.id, code: b.code, name: b.name, readingDay: b.readingDay };
    }
    return view;
  }

  customer(c: Customer, orgs: Map<string, Org>) {
    return {
      id: c.id,
      name: c.name,
      type: c.type,
      orgId: c.orgId,
      orgName: orgs.get(c.orgId)?.name ?? '',
      phoneMasked: maskPhone(c.phone),
      address: c.address,
      parentId: c.parentId,
    };
  }
}
