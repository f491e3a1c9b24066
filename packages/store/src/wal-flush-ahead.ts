import { close, fdatasync, open } from 'node:fs';

/**
 * Writes a growing file's pages to disk in the background while a bulk write goes on: every
 * `everyMs` an `fdatasync` on the libuv thread pool (never on the caller's thread), one at a time.
 * With commits that do not sync (a bulk run's `synchronous=NORMAL`), the kernel would otherwise keep
 * the whole write-ahead log dirty in memory until the final fsync, which then writes all of it while
 * the run waits. Best effort: the final fsync stays what makes the data durable.
 */
export class FlushAhead {
  private fd: number | undefined;
  private busy = false;
  private stopped = false;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly path: string,
    everyMs: number,
  ) {
    this.timer = setInterval(() => this.tick(), everyMs);
    this.timer.unref();
  }

  private tick(): void {
    if (this.busy || this.stopped) return;
    this.busy = true;
    const sync = (fd: number) =>
      fdatasync(fd, () => {
        this.busy = false;
        if (this.stopped) this.closeFd();
      });
    if (this.fd !== undefined) return sync(this.fd);
    open(this.path, 'r', (err, fd) => {
      if (err || this.stopped) {
        this.busy = false;
        if (!err) close(fd, () => undefined);
        return;
      }
      this.fd = fd;
      sync(fd);
    });
  }

  /** Stops flushing; a sync in flight finishes on its own and closes the file after. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearInterval(this.timer);
    if (!this.busy) this.closeFd();
  }

  private closeFd(): void {
    const fd = this.fd;
    this.fd = undefined;
    if (fd !== undefined) close(fd, () => undefined);
  }
}
