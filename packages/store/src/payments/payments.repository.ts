import { sql, type Kysely } from 'kysely';
import type { JournalDraft } from '@meterflow/core/payments/journal-entry';
import type { OpenItem } from '@meterflow/core/payments/allocate-payment';
import type { LedgerPayment } from '@meterflow/core/payments/reconciliation';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';
import { KyselyLedgerOps } from './kysely-ledger-ops.ts';
import type { PaymentOrder } from './ledger-ops.ts';
import { orderFromRows } from './order-rows.ts';
import { postEntry, type PostOutcome, type ReceivableItemInput } from './payment-programs.ts';
import type { PaymentOrderState } from './payments-schema.ts';
import { PaymentsWriter } from './payments-writer.ts';
import type { Program } from './program.ts';
import { rawSqliteOf } from './raw-sqlite.ts';

/** Most orders one listing returns. */
export const ORDER_LIST_LIMIT_MAX = 500;
/** Most receivable refs looked up in one IN list. */
const IN_LIST_MAX = 500;

export interface OrderFilter {
  accountIds?: readonly string[];
  /** Only orders crediting an account of these branches (a staff user's subtree); undefined = all. */
  orgIds?: readonly string[];
  state?: PaymentOrderState;
  channel?: string;
  /** Inclusive local dates on the business date (paid orders) . */
  fromDate?: string;
  toDate?: string;
  /** Matches an order id, receipt number or provider transaction id exactly. */
  ref?: string;
  limit: number;
}

export interface MonthRow {
  accountId: string;
  month: string;
  energyWh: number;
  billedFen: number;
  openFen: number;
}

/**
 * The ledger and payment orders. Writes that create or confirm payments go through `run` (durable
 * on return, grouped on SQLite); reads derive every balance by summing posting lines.
 */
export class PaymentsRepository {
  readonly writer: PaymentsWriter;
  private readonly ops: KyselyLedgerOps;

  constructor(
    private readonly db: Kysely<Database>,
    readonly dialect: SqlDialect,
  ) {
    this.writer = new PaymentsWriter(db, dialect, db.isTransaction ? undefined : rawSqliteOf(db));
    this.ops = new KyselyLedgerOps(db, dialect);
  }

  /** Runs a payment program durably (see payment-programs.ts). */
  run<T>(make: () => Program<T>): Promise<T> {
    return this.writer.run(make);
  }

  /** Posts one entry (with the receivable items it opens) once per idempotency key. */
  post(draft: JournalDraft, postedAt: string, items: readonly ReceivableItemInput[] = []): Promise<PostOutcome> {
    return this.run(() => postEntry(draft, postedAt, items));
  }

  /** Signed balance of a ledger account (debit positive): the sum of its lines. */
  balance(account: string): Promise<number> {
    return this.ops.sumAccount(account);
  }

  openItems(accountId: string): Promise<OpenItem[]> {
    return this.ops.openItems(accountId);
  }

  getOrder(id: string): Promise<PaymentOrder | undefined> {
    return this.ops.getOrder(id);
  }

  /** Every account's balance: lines in one grouped scan, plus settlement batch items per account. */
  async trialBalance(): Promise<Map<string, number>> {
    const rows = await this.db
      .selectFrom('ledger_lines')
      .select(['ledger_account', sql<number>`CAST(SUM(amount_fen) AS BIGINT)`.as('s')])
      .groupBy('ledger_account')
      .execute();
    const out = new Map(rows.map((r) => [r.ledger_account, Number(r.s)]));
    // Daily deductions stored as settlement batch items: Dr wallet / Cr prepaid estimates each.
    const items = await this.db
      .selectFrom('prepaid_deductions as d')
      .innerJoin('prepaid_accounts as p', 'p.row_no', 'd.account_row')
      .select(['p.account_id', sql<number>`CAST(SUM(d.amount_fen) AS BIGINT)`.as('s')])
      .groupBy('p.account_id')
      .execute();
    for (const r of items) {
      if (Number(r.s) === 0) continue;
      for (const [account, sign] of [
        [`wallet/${r.account_id}`, 1],
        [`prepaid_estimates/${r.account_id}`, -1],
      ] as const)
        out.set(account, (out.get(account) ?? 0) + sign * Number(r.s));
    }
    return out;
  }

  /** Entries whose lines do not sum to zero (must always be empty). */
  async unbalancedEntries(): Promise<number[]> {
    const rows = await this.db
      .selectFrom('ledger_lines')
      .select('entry_seq')
      .groupBy('entry_seq')
      .having(sql`SUM(amount_fen)`, '<>', 0)
      .execute();
    return rows.map((r) => Number(r.entry_seq));
  }

  /** How many entries carry an idempotency key starting with `prefix` (e.g. `payment:`). */
  async countEntries(prefix: string): Promise<number> {
    const r = await this.db
      .selectFrom('ledger_entries')
      .select(sql<number>`COUNT(*)`.as('n'))
      .where('idempotency_key', 'like', `${prefix}%`)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** The payments of one channel and business date as the ledger holds them, for reconciliation. */
  async ledgerPaymentsOfDay(channel: string, day: string): Promise<LedgerPayment[]> {
    const rows = await this.db
      .selectFrom('ledger_entries as e')
      .innerJoin('ledger_lines as l', 'l.entry_seq', 'e.seq')
      .select(['e.idempotency_key', 'l.ref', 'l.amount_fen'])
      .where('e.kind', '=', 'payment_received')
      .where('e.business_date', '=', day)
      .where('l.ledger_account', '=', `cash_in_transit/${channel}`)
      .where('l.amount_fen', '>', 0)
      .orderBy('e.seq')
      .execute();
    return rows.map((r) => ({
      paymentId: r.idempotency_key.replace(/^payment:/, ''),
      providerTxnId: r.ref ?? '',
      amountFen: Number(r.amount_fen),
    }));
  }

  async listOrders(f: OrderFilter): Promise<PaymentOrder[]> {
    let q = this.db.selectFrom('payment_orders as o').selectAll('o');
    if (f.accountIds) {
      const ids = f.accountIds.length ? [...f.accountIds] : [''];
      q = q.where('o.id', 'in', (eb) =>
        eb.selectFrom('payment_order_targets').select('order_id').where('account_id', 'in', ids),
      );
    }
    if (f.orgIds) {
      const orgs = f.orgIds.length ? [...f.orgIds] : [''];
      q = q.where('o.id', 'in', (eb) =>
        eb
          .selectFrom('payment_order_targets as t')
          .innerJoin('accounts as a', 'a.id', 't.account_id')
          .select('t.order_id')
          .where('a.org_id', 'in', orgs),
      );
    }
    if (f.state) q = q.where('o.state', '=', f.state);
    if (f.channel) q = q.where('o.channel', '=', f.channel);
    if (f.fromDate) q = q.where('o.business_date', '>=', f.fromDate);
    if (f.toDate) q = q.where('o.business_date', '<=', f.toDate);
    if (f.ref) {
      const ref = f.ref;
      q = q.where((eb) =>
        eb.or([eb('o.id', '=', ref), eb('o.receipt_no', '=', ref), eb('o.provider_txn_id', '=', ref)]),
      );
    }
    const rows = await q
      .orderBy('o.created_at', 'desc')
      .orderBy('o.id', 'desc')
      .limit(Math.min(f.limit, ORDER_LIST_LIMIT_MAX))
      .execute();
    if (rows.length === 0) return [];
    const targets = await this.db
      .selectFrom('payment_order_targets')
      .selectAll()
      .where(
        'order_id',
        'in',
        rows.map((r) => r.id),
      )
      .orderBy('account_id')
      .execute();
    return rows.map((r) =>
      orderFromRows(
        r,
        targets.filter((t) => t.order_id === r.id),
      ),
    );
  }

  /** Online orders still waiting, created before `before` (to be queried at the provider). */
  async staleOrders(before: string, limit: number): Promise<PaymentOrder[]> {
    const rows = await this.db
      .selectFrom('payment_orders')
      .select('id')
      .where('state', '=', 'created')
      .where('created_at', '<', before)
      .orderBy('created_at')
      .limit(limit)
      .execute();
    const out: PaymentOrder[] = [];
    for (const r of rows) {
      const o = await this.getOrder(r.id);
      if (o) out.push(o);
    }
    return out;
  }

  /** Closes a waiting order the provider reports unpaid; false when it was not waiting any more. */
  async closeOrder(id: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('payment_orders')
      .set({ state: 'closed', updated_at: at })
      .where('id', '=', id)
      .where('state', '=', 'created')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  /** Paid orders crediting an account since a local date (payments this month). */
  async countPaidSince(accountId: string, fromDate: string): Promise<number> {
    const r = await this.db
      .selectFrom('payment_orders as o')
      .innerJoin('payment_order_targets as t', 't.order_id', 'o.id')
      .select(sql<number>`COUNT(*)`.as('n'))
      .where('t.account_id', '=', accountId)
      .where('o.state', '=', 'paid')
      .where('o.business_date', '>=', fromDate)
      .executeTakeFirstOrThrow();
    return Number(r.n);
  }

  /** Billed energy, billed amount and what is still open, per account and bill month. */
  async monthTable(accountIds: readonly string[], fromMonth: string, toMonth: string): Promise<MonthRow[]> {
    if (accountIds.length === 0) return [];
    const items = await this.db
      .selectFrom('receivable_items')
      .selectAll()
      .where('kind', '=', 'bill')
      .where('account_id', 'in', [...accountIds])
      .where('bill_month', '>=', fromMonth)
      .where('bill_month', '<=', toMonth)
      .execute();
    const sums = new Map<string, { release: number; open: number }>();
    for (let i = 0; i < items.length; i += IN_LIST_MAX) {
      const chunk = items.slice(i, i + IN_LIST_MAX);
      const lines = await this.db
        .selectFrom('ledger_lines')
        .select(['ref', 'entry_seq', 'amount_fen'])
        .where(
          'ref',
          'in',
          chunk.map((c) => c.ref),
        )
        .where('ledger_account', 'like', 'receivable/%')
        .execute();
      for (const l of lines) {
        const s = sums.get(l.ref!) ?? { release: 0, open: 0 };
        const item = chunk.find((c) => c.ref === l.ref);
        if (item && Number(item.entry_seq) === Number(l.entry_seq)) s.release += Number(l.amount_fen);
        s.open += Number(l.amount_fen);
        sums.set(l.ref!, s);
      }
    }
    const byKey = new Map<string, MonthRow>();
    for (const it of items) {
      const key = `${it.account_id}|${it.bill_month}`;
      const row = byKey.get(key) ?? {
        accountId: it.account_id,
        month: it.bill_month ?? '',
        energyWh: 0,
        billedFen: 0,
        openFen: 0,
      };
      const s = sums.get(it.ref) ?? { release: 0, open: 0 };
      row.energyWh += Number(it.energy_wh ?? 0);
      row.billedFen += s.release;
      row.openFen += s.open;
      byKey.set(key, row);
    }
    return [...byKey.values()].sort((a, b) => (a.month + a.accountId < b.month + b.accountId ? -1 : 1));
  }
}
