/**
 * A small in-process scheduler of interval jobs. Due times follow the injected clock; a job runs
 * only on the instance that acquires its lease row (store.jobLeases), so several instances on one
 * PostgreSQL database never run the same job at once. Tests call `tick()` with a ManualClock;
 * `start()` ticks on a real timer.
 */
import { randomUUID } from 'node:crypto';
import type { Clock } from '@meterflow/core';
import type { Store } from '@meterflow/store';

/** How often `start()` checks for due jobs. */
export const SCHEDULER_TICK_MS = 1000;
/** Jobs one scheduler accepts. */
export const SCHEDULER_JOBS_MAX = 50;

export interface JobDefinition {
  name: string;
  everyMs: number;
  /** The lease outlives a run by far; a crashed holder's lease expires after this. */
  leaseMs: number;
  run(at: Date): Promise<unknown>;
}

export interface JobRun {
  name: string;
  at: Date;
  ran: boolean;
  error?: string;
}

export interface SchedulerLog {
  error(obj: object, msg: string): void;
}

export class JobScheduler {
  private readonly jobs: JobDefinition[] = [];
  private readonly nextDue = new Map<string, number>();
  private timer: ReturnType<typeof setInterval> | undefined;
  private ticking: Promise<JobRun[]> | undefined;

  constructor(
    private readonly store: Store,
    private readonly clock: Clock,
    readonly holder: string = `${process.pid}-${randomUUID().slice(0, 8)}`,
    private readonly log?: SchedulerLog,
  ) {}

  add(job: JobDefinition): this {
    if (this.jobs.length >= SCHEDULER_JOBS_MAX) throw new RangeError(`at most ${SCHEDULER_JOBS_MAX} jobs`);
    if (!(job.everyMs > 0)) throw new RangeError(`job ${job.name}: everyMs must be positive`);
    this.jobs.push(job);
    return this;
  }

  /** Runs every job that is due now (by the clock) and whose lease this instance gets. */
  async tick(): Promise<JobRun[]> {
    if (this.ticking) return this.ticking;
    this.ticking = this.runDue().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async runDue(): Promise<JobRun[]> {
    const runs: JobRun[] = [];
    for (const job of this.jobs) {
      const at = this.clock.now();
      if (at.getTime() < (this.nextDue.get(job.name) ?? 0)) continue;
      this.nextDue.set(job.name, at.getTime() + job.everyMs);
      if (!(await this.store.jobLeases.acquire(job.name, this.holder, at, job.leaseMs))) {
        runs.push({ name: job.name, at, ran: false });
        continue;
      }
      let error: string | undefined;
      try {
        await job.run(at);
      } catch (e) {
        error = e instanceof Error ? e.message : String(e);
        this.log?.error({ job: job.name, err: e }, 'scheduled job failed');
      }
      await this.store.jobLeases.release(job.name, this.holder, this.clock.now(), error);
      runs.push({ name: job.name, at, ran: true, error });
    }
    return runs;
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => void this.tick().catch(() => undefined), SCHEDULER_TICK_MS);
    this.timer.unref?.();
  }

  /** Stops ticking and waits for a run in progress. */
  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
    await this.ticking?.catch(() => undefined);
  }
}
