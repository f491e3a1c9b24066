import type { Kysely, Selectable } from 'kysely';
import type { Database } from '../schema.ts';
import type {
  BankBatchItemTable,
  BankBatchTable,
  LateFeeWaiverTable,
  ProviderStatementTable,
  RefundState,
  RefundTable,
} from './payments-schema.ts';

/** Most rows an office listing returns. */
export const OFFICE_LIST_LIMIT = 200;

/** Refunds, bank withholding files, provider statements and late-fee waivers: the back office's records. */
export class PaymentsOfficeRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async insertRefund(r: RefundTable): Promise<void> {
    await this.db.insertInto('refunds').values(r).execute();
  }

  async getRefund(id: string): Promise<Selectable<RefundTable> | undefined> {
    return this.db.selectFrom('refunds').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listRefunds(state?: RefundState): Promise<Selectable<RefundTable>[]> {
    let q = this.db.selectFrom('refunds').selectAll();
    if (state) q = q.where('state', '=', state);
    return q.orderBy('requested_at', 'desc').limit(OFFICE_LIST_LIMIT).execute();
  }

  /** Moves a requested refund to a decision; false when it was decided already (a race lost). */
  async decideRefund(id: string, state: RefundState, by: string, at: string): Promise<boolean> {
    const r = await this.db
      .updateTable('refunds')
      .set({ state, decided_by: by, decided_at: at })
      .where('id', '=', id)
      .where('state', '=', 'requested')
      .executeTakeFirst();
    return Number(r.numUpdatedRows) === 1;
  }

  async insertBankBatch(batch: BankBatchTable, items: readonly BankBatchItemTable[]): Promise<void> {
    await this.db.insertInto('bank_batches').values(batch).execute();
    if (items.length)
      await this.db
        .insertInto('bank_batch_items')
        .values([...items])
        .execute();
  }

  async listBankBatches(): Promise<Omit<BankBatchTable, 'content'>[]> {
    return this.db
      .selectFrom('bank_batches')
      .select(['id', 'direction', 'file_name', 'created_by', 'created_at', 'item_count', 'total_fen'])
      .orderBy('created_at', 'desc')
      .limit(OFFICE_LIST_LIMIT)
      .execute();
  }

  async getBankBatch(id: string): Promise<BankBatchTable | undefined> {
    return this.db.selectFrom('bank_batches').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async bankBatchItems(batchId: string): Promise<BankBatchItemTable[]> {
    return this.db
      .selectFrom('bank_batch_items')
      .selectAll()
      .where('batch_id', '=', batchId)
      .orderBy('line_no')
      .execute();
  }

  async insertStatement(s: ProviderStatementTable): Promise<void> {
    await this.db.insertInto('provider_statements').values(s).execute();
  }

  async getStatement(id: string): Promise<ProviderStatementTable | undefined> {
    return this.db.selectFrom('provider_statements').selectAll().where('id', '=', id).executeTakeFirst();
  }

  async listStatements(): Promise<Omit<ProviderStatementTable, 'content'>[]> {
    return this.db
      .selectFrom('provider_statements')
      .select(['id', 'channel', 'statement_date', 'uploaded_by', 'uploaded_at', 'report'])
      .orderBy('uploaded_at', 'desc')
      .limit(OFFICE_LIST_LIMIT)
      .execute();
  }

  async insertWaiver(w: LateFeeWaiverTable): Promise<void> {
    await this.db.insertInto('late_fee_waivers').values(w).execute();
  }

  async listWaivers(accountId: string): Promise<LateFeeWaiverTable[]> {
    return this.db
      .selectFrom('late_fee_waivers')
      .selectAll()
      .where('account_id', '=', accountId)
      .orderBy('waived_at')
      .execute();
  }
}
