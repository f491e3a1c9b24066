import type { Kysely } from 'kysely';
import type BetterSqlite3 from 'better-sqlite3';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';
import { PrepaidAccountRepository } from './prepaid-account.repository.ts';
import { PrepaidCommandRepository } from './prepaid-command.repository.ts';
import { SettlementRunRepository } from './settlement-run.repository.ts';
import { SettlementStore } from './settlement-store.ts';

/** Prepaid cost control's repositories: account state, settlement inputs and runs, remote commands. */
export class PrepaidRepositories {
  readonly accounts: PrepaidAccountRepository;
  readonly commands: PrepaidCommandRepository;
  readonly runs: SettlementRunRepository;
  readonly settlement: SettlementStore;

  constructor(db: Kysely<Database>, dialect: SqlDialect, sqlite?: BetterSqlite3.Database) {
    this.accounts = new PrepaidAccountRepository(db);
    this.commands = new PrepaidCommandRepository(db);
    this.runs = new SettlementRunRepository(db);
    this.settlement = new SettlementStore(db, dialect, sqlite);
  }
}
