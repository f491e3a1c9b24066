import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';
import { PaymentLookups } from './payment-lookups.ts';
import { PaymentsOfficeRepository } from './payments-office.repository.ts';
import { PaymentsRepository } from './payments.repository.ts';

/** The payments context's repositories: the ledger with payment orders, and the back office's records. */
export class PaymentsRepositories {
  readonly ledger: PaymentsRepository;
  readonly office: PaymentsOfficeRepository;
  readonly lookups: PaymentLookups;

  constructor(db: Kysely<Database>, dialect: SqlDialect) {
    this.ledger = new PaymentsRepository(db, dialect);
    this.office = new PaymentsOfficeRepository(db);
    this.lookups = new PaymentLookups(db);
  }
}
