import { closeSync, fdatasync, fstatSync, openSync, statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';
import { WalCheckpointer } from './wal-checkpointer.ts';

/** `PRAGMA synchronous` levels (SQLite numbers them). */
const SYNC_OFF = 0;
const SYNC_NORMAL = 1;
const SYNC_FULL = 2;

/** Flushes a file's data to the device, calling back on libuv's thread pool. */
export type SyncFile = (fd: number, done: (error: NodeJS.ErrnoException | null) => void) => void;

/**
 * Durable commits without stalling the event loop. With `synchronous=FULL` every COMMIT syncs the
 * WAL on the main thread (2–13 ms here), and no request is parsed meanwhile. Instead the batch
 * commits with `synchronous=NORMAL` (the frames reach the WAL file, not yet the disk) and the WAL
 * is fdatasynced on libuv's thread pool; the batch's callers are answered only after that sync, so
 * an acknowledged payment is on disk exactly as before. A later sync covers every earlier frame.
 *
 * NORMAL, never OFF: under NORMAL SQLite still syncs the WAL before a checkpoint copies frames into
 * the database, syncs the database before it records the frames as copied (so before the WAL can
 * be reset and overwritten), and syncs a rewritten WAL header. Under OFF none of these happen, and a
 * power loss after a checkpoint and WAL reset could lose acknowledged payments (docs/payments.md).
 *
 * A failed sync is final: the kernel may have dropped the unwritten pages and a later successful
 * sync proves nothing about them, so every later commit is refused until the process restarts and
 * SQLite recovers from what is on disk.
 */
export class WalSync {
  private fd: number | undefined;
  private ino = -1;
  private syncing = false;
  private failure: Error | undefined;
  private waiting: ((error: unknown) => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  /** Descriptors of replaced WAL files, closed once no sync is running. */
  private retired: number[] = [];

  private constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly walPath: string,
    private readonly syncFile: SyncFile,
    /** Copies the synced WAL into the database off the event loop (see wal-checkpointer.ts). */
    readonly checkpointer: WalCheckpointer | null,
  ) {}

  /**
   * A syncer for a file database in WAL mode whose level is FULL or EXTRA; null otherwise (commit
   * as usual: a database configured below FULL did not ask for durable commits).
   */
  static open(
    sqlite: BetterSqlite3.Database,
    syncFile: SyncFile = fdatasync,
    checkpointInBackground = true,
  ): WalSync | null {
    if (sqlite.memory) return null;
    const mode = String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase();
    const level = Number(sqlite.pragma('synchronous', { simple: true }));
    if (mode !== 'wal' || level < SYNC_FULL) return null;
    const checkpointer = checkpointInBackground ? new WalCheckpointer(sqlite.name) : null;
    return new WalSync(sqlite, `${sqlite.name}-wal`, syncFile, checkpointer);
  }

  /**
   * Runs `commit` (one write transaction) with a lazy sync, then calls `done` once the WAL is on
   * disk. Batches committed while a sync runs wait for the next one, which covers them all: under
   * load one sync serves several batches instead of each batch queueing its own. Throws without
   * committing once a sync has failed.
   */
  commitThenSync(commit: () => void, done: (error: unknown) => void): void {
    if (this.failure) throw this.failure;
    // Another context may have lowered the level for its own run: put back whatever was set.
    // Not prepared once: SQLite applies (and reads) this pragma while preparing it, so a kept
    // statement acts only from its second run and a kept reader answers the level of its last prepare.
    const before = Number(this.sqlite.pragma('synchronous', { simple: true }));
    // Checkpoints run by any commit on this connection would then skip their syncs (see above).
    if (before === SYNC_OFF) throw new Error('synchronous=OFF on the payments connection: payments cannot be durable');
    this.sqlite.pragma(`synchronous = ${SYNC_NORMAL}`);
    try {
      commit();
    } finally {
      this.sqlite.pragma(`synchronous = ${before}`);
    }
    this.waiting.push(done);
    // Now, while nothing else is committed until it ends: the checkpoint copies the whole WAL.
    if (this.checkpointer?.due()) this.checkpointer.run(() => this.releaseIdle());
    if (!this.syncing) this.syncNow();
  }

  /** True while a sync runs or commits wait for a checkpoint. */
  get busy(): boolean {
    return this.syncing || this.checkpointer?.holding === true;
  }

  /** Calls `next` once, when the running sync and checkpoint have finished (at once if none runs). */
  whenIdle(next: () => void): void {
    if (this.busy) this.idleWaiters.push(next);
    else next();
  }

  private releaseIdle(): void {
    if (this.busy) return;
    // Deferred batches commit first, so the next sync covers them too.
    for (const next of this.idleWaiters.splice(0)) next();
    if (this.waiting.length > 0 && !this.syncing) this.syncNow();
  }

  private syncNow(): void {
    const batch = this.waiting.splice(0);
    let fd: number;
    try {
      fd = this.walFd();
    } catch (e) {
      this.fail(e);
      for (const d of batch) d(this.failure);
      return;
    }
    this.syncing = true;
    this.syncFile(fd, (e) => {
      this.syncing = false;
      for (const old of this.retired.splice(0)) closeSync(old);
      if (e) this.fail(e);
      for (const d of batch) d(e ? this.failure : undefined);
      this.releaseIdle();
      if (this.waiting.length > 0 && !this.syncing) this.syncNow();
    });
  }

  private fail(cause: unknown): void {
    this.failure ??= new Error('syncing the SQLite WAL failed; payments are refused until the server restarts', {
      cause,
    });
  }

  /** The WAL file's descriptor, reopened if SQLite replaced the file (a new inode). */
  private walFd(): number {
    const ino = statSync(this.walPath).ino;
    if (this.fd === undefined || ino !== this.ino) {
      if (this.fd !== undefined) this.retired.push(this.fd);
      this.fd = openSync(this.walPath, 'r');
      this.ino = fstatSync(this.fd).ino;
    }
    return this.fd;
  }
}
