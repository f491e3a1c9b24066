import { sql, type Kysely } from 'kysely';
import type { JournalDraft } from '@meterflow/core/payments/journal-entry';
import type { OpenItem } from '@meterflow/core/payments/allocate-payment';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';
import type { AsyncLedgerOps, PaymentOrder } from './ledger-ops.ts';
import type { ReceivableItemTable } from './payments-schema.ts';
import { OPEN_ITEMS_SQL, SUM_ACCOUNT_SQL } from './ledger-sql.ts';
import { orderFromRows, orderToRow } from './order-rows.ts';
import { DEDUCTION_ITEM_SQL, deductionFingerprint, parseDeductionKey } from '../prepaid/deduction-rows.ts';

/** The steps through Kysely inside one transaction; PostgreSQL serialises on advisory locks. */
export class KyselyLedgerOps implements AsyncLedgerOps {
  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
  ) {}

  async lock(key: string): Promise<void> {
    if (this.dialect === 'postgres') await sql`SELECT pg_advisory_xact_lock(hashtext(${key}))`.execute(this.db);
  }

  async findIdempotency(scope: string, key: string) {
    const row = await this.db
      .selectFrom('idempotency_keys')
      .select(['request_hash', 'response'])
      .where('scope', '=', scope)
      .where('key', '=', key)
      .executeTakeFirst();
    return row && { requestHash: row.request_hash, response: row.response };
  }

  async saveIdempotency(scope: string, key: string, requestHash: string, response: string, at: string) {
    await this.db
      .insertInto('idempotency_keys')
      .values({ scope, key, request_hash: requestHash, response, created_at: at })
      .execute();
  }

  async findEntry(idempotencyKey: string) {
    const row = await this.db
      .selectFrom('ledger_entries')
      .select(['seq', 'fingerprint'])
      .where('idempotency_key', '=', idempotencyKey)
      .executeTakeFirst();
    if (row) return { seq: Number(row.seq), fingerprint: row.fingerprint };
    // A daily deduction may be a settlement batch item rather than an entry of its own.
    const d = parseDeductionKey(idempotencyKey);
    if (!d) return undefined;
    const r = await bind<{ seq: number; amount_fen: number }>(DEDUCTION_ITEM_SQL, d.accountId, d.day).execute(this.db);
    const item = r.rows[0];
    return (
      item && { seq: Number(item.seq), fingerprint: deductionFingerprint(d.accountId, d.day, Number(item.amount_fen)) }
    );
  }

  async insertEntry(d: JournalDraft, fingerprint: string, postedAt: string): Promise<number> {
    const { seq } = await this.db
      .insertInto('ledger_entries')
      .values({
        idempotency_key: d.idempotencyKey,
        kind: d.kind,
        business_date: d.businessDate,
        memo: d.memo,
        fingerprint,
        posted_at: postedAt,
      })
      .returning('seq')
      .executeTakeFirstOrThrow();
    await this.db
      .insertInto('ledger_lines')
      .values(
        d.lines.map((l, i) => ({
          entry_seq: Number(seq),
          line_no: i + 1,
          ledger_account: l.account,
          amount_fen: l.amountFen,
          ref: l.ref ?? null,
        })),
      )
      .execute();
    return Number(seq);
  }

  async insertReceivableItem(item: ReceivableItemTable): Promise<void> {
    await this.db.insertInto('receivable_items').values(item).execute();
  }

  async sumAccount(account: string): Promise<number> {
    const r = await bind<{ s: number }>(SUM_ACCOUNT_SQL, account).execute(this.db);
    return Number(r.rows[0]?.s ?? 0);
  }

  async openItems(accountId: string): Promise<OpenItem[]> {
    const q = bind<{ ref: string; due_date: string; open_fen: number }>(OPEN_ITEMS_SQL, `receivable/${accountId}`);
    const r = await q.execute(this.db);
    return r.rows.map((x) => ({ ref: x.ref, dueDate: x.due_date, openFen: Number(x.open_fen) }));
  }

  async getOrder(id: string): Promise<PaymentOrder | undefined> {
    const row = await this.db.selectFrom('payment_orders').selectAll().where('id', '=', id).executeTakeFirst();
    if (!row) return undefined;
    const targets = await this.db
      .selectFrom('payment_order_targets')
      .selectAll()
      .where('order_id', '=', id)
      .orderBy('account_id')
      .execute();
    return orderFromRows(row, targets);
  }

  async insertOrder(order: PaymentOrder): Promise<void> {
    await this.db.insertInto('payment_orders').values(orderToRow(order)).execute();
    await this.db
      .insertInto('payment_order_targets')
      .values(order.targets.map((t) => ({ order_id: order.id, account_id: t.accountId, amount_fen: t.amountFen })))
      .execute();
  }

  async markOrderPaid(id: string, txn: string, paidAt: string, businessDate: string, receiptNo: string) {
    await this.db
      .updateTable('payment_orders')
      .set({
        state: 'paid',
        provider_txn_id: txn,
        paid_at: paidAt,
        business_date: businessDate,
        receipt_no: receiptNo,
        updated_at: paidAt,
      })
      .where('id', '=', id)
      .execute();
  }
}

/** Binds `$n` placeholders of shared SQL text as Kysely parameters (each dialect then spells them its way). */
function bind<R>(text: string, ...params: unknown[]) {
  const parts = text.split(/\$(\d+)/);
  const pieces = [sql.raw(parts[0])];
  for (let i = 1; i < parts.length; i += 2) pieces.push(sql`${params[Number(parts[i]) - 1]}`, sql.raw(parts[i + 1]));
  return sql<R>`${sql.join(pieces, sql.raw(''))}`;
}
