import { Worker } from 'node:worker_threads';

/** Time between two checkpoints while payments are committed, at first (ms); then see nextInterval. */
export const CHECKPOINT_INTERVAL_MS = 100;
/** WAL pages a checkpoint should find: well below the 1,000 at which SQLite checkpoints inside a COMMIT. */
export const CHECKPOINT_TARGET_PAGES = 500;
const INTERVAL_MIN_MS = 20;
const INTERVAL_MAX_MS = 250;
/** Most the interval grows per checkpoint: a count cut short by a fallback checkpoint reads low. */
const GROWTH_MAX = 1.25;
/** A worker not asked for this long closes its connection and ends; the next checkpoint starts another. */
export const CHECKPOINT_IDLE_MS = 30_000;
/** Longest commits wait for a checkpoint (ms); a checkpoint of ~500 pages takes a few ms. */
export const CHECKPOINT_HOLD_MAX_MS = 25;

/**
 * The next interval, from the pages the last checkpoint found: scaled toward the target by the
 * square root of the ratio (so it settles rather than swings), growing at most by GROWTH_MAX a
 * step, within 20–250 ms.
 */
export function nextInterval(intervalMs: number, walPages: number): number {
  const factor = Math.min(GROWTH_MAX, Math.sqrt(CHECKPOINT_TARGET_PAGES / Math.max(1, walPages)));
  return Math.round(Math.min(INTERVAL_MAX_MS, Math.max(INTERVAL_MIN_MS, intervalMs * factor)));
}

export interface CheckpointResult {
  ok: boolean;
  busy?: number;
  log?: number;
  checkpointed?: number;
  message?: string;
}

/**
 * Copies the WAL into the database on a worker thread with its own connection. SQLite otherwise
 * checkpoints inside a COMMIT once the WAL holds 1,000 pages: it copies every page and syncs the
 * WAL and the database on the event loop, a stall of several milliseconds for every request in
 * flight, every few hundred payments. WalSync starts a checkpoint here right after a commit (at
 * most every `intervalMs`, adapted so a checkpoint finds about CHECKPOINT_TARGET_PAGES) and commits
 * nothing more until it has finished (or for CHECKPOINT_HOLD_MAX_MS at most), so it copies the
 * whole WAL and the next commit starts the WAL afresh; the automatic checkpoint stays as the
 * fallback (another writer committed meanwhile, a checkpoint outlasted the hold, the worker
 * failed). The worker's connection syncs as a checkpoint must (FULL), so what it copies is durable
 * in the database before the WAL is reset.
 */
export class WalCheckpointer {
  private worker: Worker | undefined;
  private inFlight = false;
  /** Called when the hold on commits ends: at the checkpoint's end, or after `holdMaxMs`. */
  private release: (() => void) | undefined;
  private holdTimer: NodeJS.Timeout | undefined;
  private lastEnd = 0;
  private idle: NodeJS.Timeout | undefined;
  /** Set after the worker failed: the automatic checkpoint then does the work. */
  private disabled = false;
  /** Finished checkpoints and the last result or failure, for tests and diagnosis. */
  runs = 0;
  last: CheckpointResult | undefined;

  constructor(
    private readonly file: string,
    /** Adapted after each checkpoint (nextInterval). */
    public intervalMs = CHECKPOINT_INTERVAL_MS,
    private readonly holdMaxMs = CHECKPOINT_HOLD_MAX_MS,
    private readonly idleMs = CHECKPOINT_IDLE_MS,
  ) {}

  /** True while a checkpoint runs on the worker. */
  get running(): boolean {
    return this.inFlight;
  }

  /** True while commits should wait: a checkpoint runs and has not yet run longer than `holdMaxMs`. */
  get holding(): boolean {
    return this.release !== undefined;
  }

  /** True when a checkpoint may start now. */
  due(now = Date.now()): boolean {
    return !this.disabled && !this.inFlight && now - this.lastEnd >= this.intervalMs;
  }

  /**
   * Starts a checkpoint; `release` is called once, when it has finished or failed or has run
   * `holdMaxMs` (a slow disk, or a WAL grown large by another context's bulk run): commits held
   * longer would cost more than the fallback checkpoint this one then leaves to SQLite.
   */
  run(release: () => void): void {
    if (this.disabled || this.inFlight) return release();
    clearTimeout(this.idle);
    this.inFlight = true;
    this.release = release;
    this.holdTimer = setTimeout(() => this.endHold(), this.holdMaxMs);
    this.holdTimer.unref();
    try {
      this.workerNow().postMessage('checkpoint');
    } catch (e) {
      this.fail(e instanceof Error ? e.message : String(e));
    }
  }

  /** Ends the worker (its connection closes); a later run starts a new one. */
  close(): void {
    clearTimeout(this.idle);
    this.idle = undefined;
    this.worker?.postMessage('close');
    this.worker = undefined;
    if (this.inFlight) this.finish();
  }

  private workerNow(): Worker {
    if (this.worker) return this.worker;
    const w = new Worker(new URL('./wal-checkpoint-worker.mjs', import.meta.url), { workerData: { file: this.file } });
    w.unref();
    w.on('message', (r: CheckpointResult) => {
      if (w === this.worker) this.done(r);
    });
    w.on('error', (e) => {
      if (w === this.worker) this.fail(e.message);
    });
    this.worker = w;
    return w;
  }

  private done(r: CheckpointResult): void {
    this.runs++;
    this.last = r;
    if (r.ok && r.log !== undefined) this.intervalMs = nextInterval(this.intervalMs, r.log);
    this.idle = setTimeout(() => this.close(), this.idleMs);
    this.idle.unref();
    this.finish();
  }

  private fail(message: string): void {
    this.last = { ok: false, message };
    this.disabled = true;
    this.close();
  }

  private finish(): void {
    this.inFlight = false;
    this.lastEnd = Date.now();
    this.endHold();
  }

  private endHold(): void {
    clearTimeout(this.holdTimer);
    const release = this.release;
    this.release = undefined;
    release?.();
  }
}
