import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';
import { PaymentLookups } from './payment-lookups.ts';
import { PaymentsOfficeRepository } from './payments-office.repository.ts';
import { PaymentsRepository } from './payments.repository.ts';
import { RefundPayoutRepository } from './refund-payouts.repository.ts';

/** The payments context's repositories: the ledger with payment orders, the back office's records, refund payouts. */
export class PaymentsRepositories {
  readonly ledger: PaymentsRepository;
  readonly office: PaymentsOfficeRepository;
  readonly lookups: PaymentLookups;
  readonly payouts: RefundPayoutRepository;

  constructor(db: Kysely<Database>, dialect: SqlDialect) {
    this.ledger = new PaymentsRepository(db, dialect);
    this.office = new PaymentsOfficeRepository(db);
    this.lookups = new PaymentLookups(db);
    this.payouts = new RefundPayoutRepository(db);
  }
}
