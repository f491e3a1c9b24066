import type BetterSqlite3 from 'better-sqlite3';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { BillRunRepository } from './bill-run.repository.ts';
import { BillRepository } from './bill.repository.ts';
import { DeterminantRepository } from './determinant.repository.ts';
import { TariffRepository } from './tariff.repository.ts';
import { BillingUsageRepository } from './billing-usage.repository.ts';

/** The billing context's repositories. */
export class BillingRepositories {
  readonly tariffs: TariffRepository;
  readonly determinants: DeterminantRepository;
  readonly bills: BillRepository;
  readonly runs: BillRunRepository;
  /** Metering's stored reads, read in bulk for determinants. */
  readonly usage: BillingUsageRepository;

  constructor(db: Kysely<Database>, sqlite?: BetterSqlite3.Database) {
    this.tariffs = new TariffRepository(db);
    this.determinants = new DeterminantRepository(db, sqlite);
    this.bills = new BillRepository(db, sqlite !== undefined);
    this.runs = new BillRunRepository(db, sqlite);
    this.usage = new BillingUsageRepository(db);
  }
}
