import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import { ExternalDataRepository } from './external-data.repository.ts';
import { PqRepository } from './pq.repository.ts';
import { RiskRepository } from './risk.repository.ts';

/** The monitoring context's repositories, reached as `store.monitoring.*`. */
export class MonitoringRepositories {
  readonly pq: PqRepository;
  readonly external: ExternalDataRepository;
  readonly risk: RiskRepository;

  constructor(db: Kysely<Database>) {
    this.pq = new PqRepository(db);
    this.external = new ExternalDataRepository(db);
    this.risk = new RiskRepository(db);
  }
}
