import { AppError, addDays, localDate, localToInstant, type Clock } from '@meterflow/core';
import { receivable, wallet } from '@meterflow/core/payments/ledger-account';
import {
  confirmOrder,
  createOrder,
  idempotent,
  recordPayment,
  type PaymentOrder,
  type PaymentOutcome,
  type Program,
  type Store,
} from '@meterflow/store';
import type { AccessPolicy } from '../auth/access-policy.ts';
import type { Principal } from '../auth/principal.ts';
import { requestHash } from './idempotency-key.ts';
import type { PaymentsConfig } from './payments-config.ts';
import { loadTargets, maskedHolder, orderView, type OrderView, type TargetInfo } from './payment-views.ts';
import { ProviderUnreachableError, type ProviderClient } from './provider-client.ts';
import { PaymentPostedHook } from './payment-posted-hook.ts';
import { newOrderId } from './order-id.ts';

/** Largest single payment accepted (1 000 000 yuan), a guard against typing errors. */
export const MAX_PAYMENT_FEN = 100_000_000;
/** Most accounts one group payment may pay. */
export const MAX_GROUP_TARGETS = 50;

/** Errors one stale-order round reports in full (the rest are only counted). */
export const STALE_ERRORS_KEPT = 10;

/** What one round of stale-order queries did. */
export interface StaleQueryRound {
  /** Orders asked about at the provider this round. */
  queried: number;
  paid: number;
  closed: number;
  /** Still waiting: unpaid but younger than the timeout, or not asked because the provider was unreachable. */
  pending: number;
  /** Queries that failed for another reason (bad answer, amount mismatch); retried next round. */
  failed: number;
  /** The provider could not be reached; the round stopped early. */
  unreachable: boolean;
  errors: { orderId: string; message: string }[];
}

export interface Target {
  accountId: string;
  amountFen: number;
}

export interface CreatedOrder {
  order: OrderView;
  payUrl: string;
}

/** Online orders, provider callbacks and queries, and counter payments: every path that creates a payment. */
export class PaymentService {
  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    private readonly config: PaymentsConfig,
    private readonly zone: string,
    private readonly access: AccessPolicy,
    private readonly provider: ProviderClient,
  ) {}

  /** Told after a payment is committed (prepaid cost control listens: see services.ts). */
  readonly posted = new PaymentPostedHook();

  /** The last local day worked out, with its bounds: formatting a date in a zone costs more than a payment's SQL. */
  private lastDay = { day: '', fromMs: 0, toMs: 0 };

  private localDay(instant: Date): string {
    const ms = instant.getTime();
    const d = this.lastDay;
    if (ms >= d.fromMs && ms < d.toMs) return d.day;
    const day = localDate(instant, this.zone);
    const fromMs = localToInstant(day, 0, this.zone).getTime();
    const toMs = localToInstant(addDays(day, 1), 0, this.zone).getTime();
    this.lastDay = { day, fromMs, toMs };
    return day;
  }

  private now(): { at: string; day: string } {
    const now = this.clock.now();
    return { at: now.toISOString(), day: this.localDay(now) };
  }

  private newOrder(
    id: string,
    channel: PaymentOrder['channel'],
    targets: Target[],
    p: Principal,
    at = this.now().at,
  ): PaymentOrder {
    return {
      id,
      channel,
      amountFen: targets.reduce((s, t) => s + t.amountFen, 0),
      state: 'created',
      providerTxnId: null,
      payerCustomerId: p.customerId,
      createdBy: p.userId,
      createdAt: at,
      paidAt: null,
      businessDate: null,
      receiptNo: null,
      targets,
    };
  }

  /** Creates an online order for one or more accounts and registers it at the provider. */
  async createOnlineOrder(
    p: Principal,
    key: string,
    operation: string,
    body: unknown,
    targets: Target[],
    origin: string,
  ): Promise<CreatedOrder> {
    checkTargets(targets);
    const infos = await loadTargets(
      this.store,
      targets.map((t) => t.accountId),
    );
    const order = this.newOrder(newOrderId('po-'), 'online', targets, p);
    const { response } = await this.idempotentRun(
      p,
      key,
      operation,
      body,
      () => createOrder(order),
      (o) => ({
        order: orderView(o, infos),
        payUrl: `${this.config.providerUrl}/pay/${encodeURIComponent(o.id)}`,
      }),
    );
    const created = response as CreatedOrder;
    if (created.order.state === 'created') {
      // Also on a replay: registering is idempotent at the provider, and the first attempt may have failed there.
      const notifyUrl = this.config.notifyUrl || `${origin}/api/payments/callback`;
      const returnUrl = `${origin}/#/portal/payments/receipt/${encodeURIComponent(created.order.id)}`;
      const r = await this.provider.createOrder({
        orderId: created.order.id,
        amountFen: created.order.amountFen,
        notifyUrl,
        returnUrl,
        subject: `MeterFlow ${created.order.targets.map((t) => t.accountNo).join(',')}`,
      });
      return { ...created, payUrl: r.payUrl };
    }
    return created;
  }

  /**
   * A payment taken at the counter: posted and allocated before the answer is sent. `known` holds
   * target accounts the caller has loaded already (with their holders), so they are not read again.
   */
  async counterPayment(
    p: Principal,
    key: string,
    operation: string,
    body: unknown,
    targets: Target[],
    reference?: string,
    known: readonly TargetInfo[] = [],
  ) {
    checkTargets(targets);
    const infos = await loadTargets(
      this.store,
      targets.map((t) => t.accountId),
      known,
    );
    const id = newOrderId('pc-');
    // One instant for the order, its payment and its idempotency record.
    const { at, day } = this.now();
    const order = this.newOrder(id, 'counter', targets, p, at);
    const conf = { providerTxnId: reference || id, amountFen: order.amountFen, paidAt: at, businessDate: day };
    const { response, replayed } = await this.idempotentRun(
      p,
      key,
      operation,
      body,
      () => recordPayment(order, conf),
      (out) => ({
        order: orderView(out.order, infos),
      }),
      at,
    );
    // Committed: a prepaid account may now be above its restore line (a replay posted nothing new).
    if (!replayed) await this.posted.notify(targets.map((t) => t.accountId));
    return { ...(response as { order: OrderView }), replayed };
  }

  private idempotentRun<R>(
    p: Principal,
    key: string,
    operation: string,
    body: unknown,
    make: () => Program<R>,
    respond: (r: R) => unknown,
    at = this.now().at,
  ) {
    const call = { scope: p.userId, key, requestHash: requestHash(operation, body), at, respond };
    return this.store.payments.ledger.run(() => idempotent(call, make()));
  }

  /** Applies a verified provider notice; a duplicate or late notice changes nothing. */
  async applyProviderPayment(orderId: string, txn: string, amountFen: number, paidAt: string): Promise<PaymentOutcome> {
    const paid = new Date(paidAt);
    if (Number.isNaN(paid.getTime()))
      throw new AppError('VALIDATION_FAILED', 'bad paidAt', [{ path: '/paidAt', message: 'not an instant' }]);
    const businessDate = this.localDay(paid);
    const out = await this.store.payments.ledger.run(() =>
      confirmOrder(orderId, { providerTxnId: txn, amountFen, paidAt: paid.toISOString(), businessDate }),
    );
    // Committed: a prepaid account may now be above its restore line (a duplicate notice posted nothing).
    if (out.posted) await this.posted.notify(out.order.targets.map((t) => t.accountId));
    return out;
  }

  /**
   * Asks the provider how an order stands and settles it as its callback would: paid → booked once;
   * closed or failed there, or still unpaid after the timeout (then closed there) → closed here.
   */
  async queryAtProvider(order: PaymentOrder): Promise<PaymentOrder> {
    if (order.state !== 'created') return order;
    let status = await this.provider.queryOrder(order.id);
    const ageMs = this.clock.now().getTime() - Date.parse(order.createdAt);
    if (status.status === 'created' && ageMs >= this.config.orderTimeoutMinutes * 60_000) {
      status = await this.provider.closeOrder(order.id);
    }
    if (status.status === 'paid' && status.providerTxnId && status.paidAt) {
      return (await this.applyProviderPayment(order.id, status.providerTxnId, status.amountFen, status.paidAt)).order;
    }
    if (status.status === 'closed' || status.status === 'failed')
      await this.store.payments.ledger.closeOrder(order.id, this.now().at);
    return (await this.store.payments.ledger.getOrder(order.id)) ?? order;
  }

  /**
   * One round of the stale-order job (and the query-stale route): every online order waiting longer
   * than `staleQueryAfterMinutes` is queried, never assumed paid or failed. When the provider cannot
   * be reached the round stops and the rest stay waiting for the next round.
   */
  async queryStaleOrders(limit = this.config.staleQueryBatch): Promise<StaleQueryRound> {
    const before = new Date(this.clock.now().getTime() - this.config.staleQueryAfterMinutes * 60_000).toISOString();
    const stale = await this.store.payments.ledger.staleOrders(before, limit);
    const r: StaleQueryRound = {
      queried: 0,
      paid: 0,
      closed: 0,
      pending: 0,
      failed: 0,
      unreachable: false,
      errors: [],
    };
    for (const o of stale) {
      if (r.unreachable) {
        r.pending++;
        continue;
      }
      r.queried++;
      try {
        const after = await this.queryAtProvider(o);
        if (after.state === 'paid') r.paid++;
        else if (after.state === 'closed') r.closed++;
        else r.pending++;
      } catch (e) {
        if (e instanceof ProviderUnreachableError) {
          r.unreachable = true;
          r.pending++;
        } else r.failed++;
        if (r.errors.length < STALE_ERRORS_KEPT) r.errors.push({ orderId: o.id, message: (e as Error).message });
      }
    }
    return r;
  }

  /** An order the user may see, as a view. */
  async order(p: Principal, id: string, query = false): Promise<OrderView> {
    let o = await this.store.payments.ledger.getOrder(id);
    if (!o) throw new AppError('NOT_FOUND', `payment order ${id} not found`);
    await this.access.paymentOrder(p, { ...o, accountIds: o.targets.map((t) => t.accountId) });
    if (query && o.state === 'created') o = await this.queryAtProvider(o);
    return orderView(
      o,
      await loadTargets(
        this.store,
        o.targets.map((t) => t.accountId),
      ),
    );
  }

  /** An account's position as the ledger derives it: credit held, open bills, payments this month. */
  async overview(accountId: string) {
    const ledger = this.store.payments.ledger;
    const { day } = this.now();
    const walletFen = 0 - (await ledger.balance(wallet(accountId)));
    const items = await ledger.openItems(accountId);
    const arrearsFen = await ledger.balance(receivable(accountId));
    const overdue = items.filter((i) => i.dueDate < day);
    return {
      accountId,
      walletFen,
      arrearsFen,
      balanceFen: walletFen - arrearsFen,
      status: overdue.length ? 'overdue' : arrearsFen > 0 ? 'due' : 'paid_up',
      openItems: items.map((i) => ({ ref: i.ref, dueDate: i.dueDate, openFen: i.openFen })),
      paymentsThisMonth: await ledger.countPaidSince(accountId, `${day.slice(0, 8)}01`),
    };
  }

  /** Orders crediting the given accounts, newest first. */
  async history(
    accountIds: readonly string[] | undefined,
    limit: number,
    extra: {
      orgIds?: readonly string[];
      state?: 'created' | 'paid' | 'closed';
      channel?: string;
      ref?: string;
      fromDate?: string;
      toDate?: string;
    } = {},
  ) {
    const orders = await this.store.payments.ledger.listOrders({ accountIds, limit, ...extra });
    const infos = await loadTargets(
      this.store,
      orders.flatMap((o) => o.targets.map((t) => t.accountId)),
    );
    return orders.map((o) => orderView(o, infos));
  }

  /** Cross-region lookup by account number: masked holder, branch and what is owed. */
  async lookup(accountNo: string, orgName: (orgId: string) => Promise<string>) {
    const info: TargetInfo = await this.access.payableAccountWithHolderByNo(accountNo);
    const account = info.account;
    return {
      accountId: account.id,
      accountNo: account.accountNo,
      holderMasked: maskedHolder(info),
      orgName: await orgName(account.orgId),
      arrearsFen: await this.store.payments.ledger.balance(receivable(account.id)),
    };
  }
}

function checkTargets(targets: readonly Target[]): void {
  const issues = [];
  if (targets.length === 0 || targets.length > MAX_GROUP_TARGETS)
    issues.push({ path: '/items', message: `between 1 and ${MAX_GROUP_TARGETS} accounts` });
  const seen = new Set<string>();
  targets.forEach((t, i) => {
    if (!Number.isSafeInteger(t.amountFen) || t.amountFen <= 0 || t.amountFen > MAX_PAYMENT_FEN)
      issues.push({ path: `/items/${i}/amountFen`, message: `must be 1..${MAX_PAYMENT_FEN} fen` });
    if (seen.has(t.accountId)) issues.push({ path: `/items/${i}/accountId`, message: 'account listed twice' });
    seen.add(t.accountId);
  });
  if (targets.reduce((s, t) => s + t.amountFen, 0) > MAX_PAYMENT_FEN)
    issues.push({ path: '/items', message: `total above ${MAX_PAYMENT_FEN} fen` });
  if (issues.length) throw new AppError('VALIDATION_FAILED', `payment: ${issues[0].path} ${issues[0].message}`, issues);
}
