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

interface Outcome {
  ok: boolean;
  value: unknown;
}

interface Pending {
  make: () => Program<unknown>;
  resolve: (v: unknown) => void;
  reject: (e: unknown) => void;
}

/** A program failed after it had begun writing: its batch is undone and run again with savepoints. */
class PartlyWritten extends Error {}

/**
 * Runs payment programs durably: a promise resolves only after its effects are committed. On
 * SQLite, programs that arrive in the same turn of the event loop share one transaction (group
 * commit), and one program's failure does not undo the others. Elsewhere each program runs in its
 * own Kysely transaction.
 *
 * A savepoint around every program would be the plain way to isolate failures, but it costs more
 * than the payment's own writes: each page a program touches is first copied to the sub-journal,
 * which spills to a temporary file (two write() calls per page) once a batch passes 64 KiB. Programs
 * almost never fail, and when they do it is nearly always a check before the first write (a reused
 * idempotency key, an unknown or already paid order), which leaves nothing to undo. So a batch
 * first runs without savepoints; only if a program fails after it began writing is the whole
 * transaction rolled back and the batch run again with a savepoint per program.
 */
export class PaymentsWriter {
  private queue: Pending[] = [];
  private scheduled = false;
  private tx: ReturnType<PaymentsWriter['transactions']> | undefined;
  private waits = 0;
  private walSync: WalSync | null | undefined;
  /** Batches that had to be run again with a savepoint per program (for tests and diagnosis). */
  isolatedRuns = 0;

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
    const tx = (this.tx ??= this.transactions(sqlite, new SqliteLedgerOps(sqlite)));
    let outcomes: Outcome[] = [];
    const commit = () => {
      try {
        tx.plain.immediate(batch, outcomes);
      } catch (e) {
        if (!(e instanceof PartlyWritten)) throw e;
        this.isolatedRuns++;
        outcomes = [];
        tx.isolated.immediate(batch, outcomes);
      }
    };
    const settle = (e: unknown) => {
      if (e) for (const p of batch) p.reject(e);
      else batch.forEach((p, i) => (outcomes[i].ok ? p.resolve(outcomes[i].value) : p.reject(outcomes[i].value)));
    };
    try {
      if (this.walSync) this.walSync.commitThenSync(commit, settle);
      else {
        commit();
        settle(undefined);
      }
    } catch (e) {
      settle(e);
    }
  }

  /** The batch transactions, made once (each `transaction()` call builds four wrappers). */
  private transactions(sqlite: BetterSqlite3.Database, ops: SqliteLedgerOps) {
    const plain = sqlite.transaction((batch: Pending[], outcomes: Outcome[]) => {
      for (const p of batch) {
        const writes = ops.writes;
        try {
          outcomes.push({ ok: true, value: runSync(p.make(), ops) });
        } catch (e) {
          // SQLite rolled the whole transaction back (disk full, I/O error): the rest would run
          // outside it, one statement at a time, so the batch fails here instead.
          if (!sqlite.inTransaction) throw e;
          if (ops.writes !== writes) throw new PartlyWritten('a payment program failed after writing', { cause: e });
          outcomes.push({ ok: false, value: e });
        }
      }
    });
    const one = sqlite.transaction((p: Pending) => runSync(p.make(), ops));
    const isolated = sqlite.transaction((batch: Pending[], outcomes: Outcome[]) => {
      for (const p of batch) {
        try {
          outcomes.push({ ok: true, value: one(p) });
        } catch (e) {
          if (!sqlite.inTransaction) throw e;
          outcomes.push({ ok: false, value: e });
        }
      }
    });
    return { plain, isolated };
  }

  private failAll(e: Error): void {
    const all = this.queue.splice(0);
    this.scheduled = false;
    this.waits = 0;
    for (const p of all) p.reject(e);
  }
}
