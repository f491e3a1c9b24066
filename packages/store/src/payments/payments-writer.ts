import type BetterSqlite3 from 'better-sqlite3';
import { WalSync } from './wal-sync.ts';
import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';
import type { SqlDialect } from '../sql-dialect.ts';
import { KyselyLedgerOps } from './kysely-ledger-ops.ts';
import { runAsync, runSync, type Program } from './program.ts';
import { SqliteLedgerOps } from './sqlite-ledger-ops.ts';

/** Programs committed together in one SQLite transaction (one fsync for all of them). */
export const GROUP_COMMIT_MAX = 256;
/** How many times a flush waits for a foreign transaction on the connection before failing. */
const FOREIGN_TX_WAIT_MAX = 10_000;

interface Pending {
  make: () => Program<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/**
 * Runs payment programs durably: a promise resolves only after its effects are committed. On
 * SQLite, programs that arrive in the same turn of the event loop share one transaction (group
 * commit), each inside its own savepoint so one failure does not undo the others. Elsewhere each
 * program runs in its own Kysely transaction.
 */
export class PaymentsWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private ops: SqliteLedgerOps | undefined;
  private waits = 0;
  private walSync: WalSync | null | undefined;

  constructor(
    private readonly db: Kysely<Database>,
    private readonly dialect: SqlDialect,
    private readonly sqlite: BetterSqlite3.Database | undefined,
  ) {}

  /** Runs a program (made fresh per attempt) and resolves with its result once committed. */
  run<T>(make: () => Program<T>): Promise<T> {
    if (!this.sqlite) return this.runAsync(make);
    return new Promise<T>((resolve, reject) => {
      this.queue.push({ make, resolve: resolve as (v: unknown) => void, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private async runAsync<T>(make: () => Program<T>): Promise<T> {
    if (this.db.isTransaction) return runAsync(make(), new KyselyLedgerOps(this.db, this.dialect));
    return this.db.transaction().execute((trx) => runAsync(make(), new KyselyLedgerOps(trx, this.dialect)));
  }

  private flush(): void {
    const sqlite = this.sqlite!;
    // A Kysely transaction is open on the shared connection: joining it would tie our payments to
    // its outcome, so wait for it to finish.
    if (sqlite.inTransaction) {
      if (++this.waits > FOREIGN_TX_WAIT_MAX)
        this.failAll(new Error('the database connection stayed in a transaction'));
      else setImmediate(() => this.flush());
      return;
    }
    this.waits = 0;
    this.walSync ??= WalSync.open(sqlite);
    // While the WAL is being synced, let the next batch grow instead of committing a small one now:
    // it has to wait for the next fsync either way, and each commit has a fixed cost.
    if (this.walSync?.busy && this.queue.length < GROUP_COMMIT_MAX) {
      this.walSync.whenIdle(() => this.flush());
      return;
    }
    const batch = this.queue.splice(0, GROUP_COMMIT_MAX);
    this.scheduled = this.queue.length > 0;
    if (this.scheduled) setImmediate(() => this.flush());
    this.ops ??= new SqliteLedgerOps(sqlite);
    const ops = this.ops;
    const outcomes: { ok: boolean; value: unknown }[] = [];
    const one = sqlite.transaction((p: Pending) => runSync(p.make(), ops));
    const all = sqlite.transaction(() => {
      for (const p of batch) {
        try {
          outcomes.push({ ok: true, value: one(p) });
        } catch (e) {
          outcomes.push({ ok: false, value: e });
        }
      }
    });
    const settle = (e: unknown) => {
      if (e) for (const p of batch) p.reject(e);
      else batch.forEach((p, i) => (outcomes[i].ok ? p.resolve(outcomes[i].value) : p.reject(outcomes[i].value)));
    };
    try {
      if (this.walSync) this.walSync.commitThenSync(() => all.immediate(), settle);
      else {
        all.immediate();
        settle(undefined);
      }
    } catch (e) {
      settle(e);
    }
  }

  private failAll(e: Error): void {
    const all = this.queue.splice(0);
    this.scheduled = false;
    this.waits = 0;
    for (const p of all) p.reject(e);
  }
}
