/**
 * Authorisation is decided here and nowhere else. A customer reaches only their own accounts; a
 * group administrator reaches the group's own accounts and those of its subsidiaries; staff reach
 * their branch subtree; an administrator reaches everything. Anything outside that scope is
 * reported as NOT_FOUND, so that an outsider cannot learn which account numbers exist.
 */
import { AppError } from '@meterflow/core';
import type { Account, AccountWithHolder, Customer, Store } from '@meterflow/store';
import { type Principal, isStaff } from './principal.ts';

export interface Scope {
  /** Branches whose data the user may reach; `undefined` means every branch. */
  orgIds: string[] | undefined;
  /** For customers and group administrators: the customers whose accounts they may reach. */
  customerIds: string[] | undefined;
}

export class AccessPolicy {
  constructor(private readonly store: Store) {}

  /** What `p` may reach. */
  async scopeOf(p: Principal): Promise<Scope> {
    if (p.role === 'admin') return { orgIds: undefined, customerIds: undefined };
    if (isStaff(p)) {
      if (!p.orgId) return { orgIds: [], customerIds: [] };
      return { orgIds: await this.store.orgs.subtreeIds(p.orgId), customerIds: undefined };
    }
    if (!p.customerId) return { orgIds: [], customerIds: [] };
    if (p.role === 'group_admin') {
      const subs = await this.store.customers.listByParent(p.customerId);
      return { orgIds: undefined, customerIds: [p.customerId, ...subs.map((s) => s.id)] };
    }
    return { orgIds: undefined, customerIds: [p.customerId] };
  }

  private inScope(scope: Scope, customerId: string, orgId: string): boolean {
    if (scope.customerIds && !scope.customerIds.includes(customerId)) return false;
    if (scope.orgIds && !scope.orgIds.includes(orgId)) return false;
    return true;
  }

  /** Staff-only features (search, branch tree, customer files). */
  requireStaff(p: Principal): void {
    if (!isStaff(p)) throw new AppError('FORBIDDEN', 'this feature is for staff only');
  }

  requireRole(p: Principal, roles: readonly Principal['role'][]): void {
    if (!roles.includes(p.role))
      throw new AppError('FORBIDDEN', `this feature needs one of the roles: ${roles.join(', ')}`);
  }

  /** Loads an account the user may reach, or throws NOT_FOUND. */
  async account(p: Principal, accountId: string): Promise<Account> {
    const account = await this.store.accounts.get(accountId);
    if (!account || !this.inScope(await this.scopeOf(p), account.customerId, account.orgId)) {
      throw new AppError('NOT_FOUND', `account ${accountId} not found`);
    }
    return account;
  }

  /** Loads an account by its number, if the user may reach it, or throws NOT_FOUND. */
  async accountByNo(p: Principal, accountNo: string): Promise<Account> {
    const account = await this.store.accounts.getByNo(accountNo);
    if (!account) throw new AppError('NOT_FOUND', `account ${accountNo} not found`);
    return this.account(p, account.id);
  }

  /** Cross-region payment: anyone signed in may pay into any active account by its number (holder shown masked). */
  async payableAccountByNo(accountNo: string): Promise<Account> {
    return (await this.payableAccountWithHolderByNo(accountNo)).account;
  }

  /** The same, loaded with its holder in one read (the counter payment shows the masked holder). */
  async payableAccountWithHolderByNo(accountNo: string): Promise<AccountWithHolder> {
    const found = await this.store.payments.lookups.accountWithHolderByNo(accountNo);
    if (!found || found.account.status !== 'active') throw new AppError('NOT_FOUND', `account ${accountNo} not found`);
    return found;
  }

  /** A payment order is visible to the user who created it, its payer, and whoever may see one of its accounts. */
  async paymentOrder(
    p: Principal,
    o: { createdBy: string | null; payerCustomerId: string | null; accountIds: readonly string[] },
  ): Promise<void> {
    if (o.createdBy === p.userId || (p.customerId && o.payerCustomerId === p.customerId)) return;
    const scope = await this.scopeOf(p);
    for (const id of o.accountIds) {
      const a = await this.store.accounts.get(id);
      if (a && this.inScope(scope, a.customerId, a.orgId)) return;
    }
    throw new AppError('NOT_FOUND', 'payment order not found');
  }

  /** Branches whose payments a staff user may search (undefined = all); only for staff. */
  async paymentSearchOrgs(p: Principal): Promise<string[] | undefined> {
    this.requireStaff(p);
    return (await this.scopeOf(p)).orgIds;
  }

  /** Loads a customer the user may reach, or throws NOT_FOUND. */
  async customer(p: Principal, customerId: string): Promise<Customer> {
    const customer = await this.store.customers.get(customerId);
    if (!customer || !this.inScope(await this.scopeOf(p), customer.id, customer.orgId)) {
      throw new AppError('NOT_FOUND', `customer ${customerId} not found`);
    }
    return customer;
  }
}
