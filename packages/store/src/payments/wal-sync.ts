import { closeSync, fstatSync, fsync, openSync, statSync } from 'node:fs';
import type BetterSqlite3 from 'better-sqlite3';

/**
 * Durable commits without stalling the event loop. With `synchronous=FULL` every COMMIT fsyncs the
 * WAL on the main thread (2–13 ms here), and no request is parsed meanwhile. Instead the batch
 * commits with `synchronous=NORMAL` (the frames reach the WAL file, not yet the disk) and the WAL
 * is fsynced on libuv's thread pool; the batch's callers are answered only after that fsync, so an
 * acknowledged payment is on disk exactly as before. A later fsync covers every earlier frame, and
 * a checkpoint under NORMAL syncs the WAL before copying it and the database after, so frames moved
 * out of the WAL are durable too. Other writers on the connection keep the configured level: it is
 * restored right after our COMMIT.
 */
export class WalSync {
  private fd: number | undefined;
  private ino = -1;
  private syncing = false;
  private waiting: ((error: unknown) => void)[] = [];
  private idleWaiters: (() => void)[] = [];
  /** Descriptors of replaced WAL files, closed once no fsync is running. */
  private retired: number[] = [];
  private readonly lazy: BetterSqlite3.Statement;
  private readonly strict: BetterSqlite3.Statement;

  private constructor(
    private readonly sqlite: BetterSqlite3.Database,
    private readonly walPath: string,
    restoreLevel: number,
  ) {
    this.lazy = sqlite.prepare('PRAGMA synchronous = NORMAL');
    this.strict = sqlite.prepare(`PRAGMA synchronous = ${restoreLevel}`);
  }

  /** A syncer for a file database in WAL mode whose level is FULL or EXTRA; null otherwise (commit as usual). */
  static open(sqlite: BetterSqlite3.Database): WalSync | null {
    if (sqlite.memory) return null;
    const mode = String(sqlite.pragma('journal_mode', { simple: true })).toLowerCase();
    const level = Number(sqlite.pragma('synchronous', { simple: true }));
    if (mode !== 'wal' || level < 2) return null;
    return new WalSync(sqlite, `${sqlite.name}-wal`, level);
  }

  /**
   * Runs `commit` (one write transaction) with a lazy sync, then calls `done` once the WAL is on
   * disk. Batches committed while an fsync runs wait for the next one, which covers them all: under
   * load one fsync serves several batches instead of each batch queueing its own.
   */
  commitThenSync(commit: () => void, done: (error: unknown) => void): void {
    this.lazy.run();
    try {
      commit();
    } finally {
      this.strict.run();
    }
    this.waiting.push(done);
    if (!this.syncing) this.syncNow();
  }

  /** True while an fsync runs. */
  get busy(): boolean {
    return this.syncing;
  }

  /** Calls `next` once, when the running fsync has finished (at once if none runs). */
  whenIdle(next: () => void): void {
    if (this.syncing) this.idleWaiters.push(next);
    else next();
  }

  private syncNow(): void {
    const batch = this.waiting.splice(0);
    let fd: number;
    try {
      fd = this.walFd();
    } catch (e) {
      for (const d of batch) d(e);
      return;
    }
    this.syncing = true;
    fsync(fd, (e) => {
      this.syncing = false;
      for (const old of this.retired.splice(0)) closeSync(old);
      for (const d of batch) d(e ?? undefined);
      // Deferred batches commit first, so the next fsync covers them too.
      for (const next of this.idleWaiters.splice(0)) next();
      if (this.waiting.length > 0 && !this.syncing) this.syncNow();
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
