import type { Kysely } from 'kysely';
import type { Database } from '../schema.ts';

/** Longest error text kept with a job's lease row. */
export const JOB_ERROR_MAX_CHARS = 2000;

export interface JobLease {
  job: string;
  holder: string;
  expiresAt: Date;
  lastStartedAt?: Date;
  lastFinishedAt?: Date;
  lastError?: string;
}

/**
 * Leases of scheduled jobs. `acquire` is one atomic upsert: it succeeds when the job has no lease,
 * the lease expired, or the caller already holds it, so two instances never run a job at once.
 */
export class JobLeaseRepository {
  constructor(private readonly db: Kysely<Database>) {}

  async acquire(job: string, holder: string, now: Date, ttlMs: number): Promise<boolean> {
    const t = now.toISOString();
    const expires = new Date(now.getTime() + ttlMs).toISOString();
    await this.db
      .insertInto('job_leases')
      .values({ job, holder, expires_at: expires, last_started_at: t, last_finished_at: null, last_error: null })
      .onConflict((oc) =>
        oc
          .column('job')
          .doUpdateSet({ holder, expires_at: expires, last_started_at: t })
          .where((eb) => eb.or([eb('job_leases.expires_at', '<=', t), eb('job_leases.holder', '=', holder)])),
      )
      .execute();
    const row = await this.db
      .selectFrom('job_leases')
      .select(['holder', 'expires_at'])
      .where('job', '=', job)
      .executeTakeFirst();
    return row?.holder === holder && row.expires_at === expires;
  }

  /** Ends a run: the lease expires now so the next due run may go to any instance. */
  async release(job: string, holder: string, now: Date, error?: string): Promise<void> {
    await this.db
      .updateTable('job_leases')
      .set({
        expires_at: now.toISOString(),
        last_finished_at: now.toISOString(),
        last_error: error ? error.slice(0, JOB_ERROR_MAX_CHARS) : null,
      })
      .where('job', '=', job)
      .where('holder', '=', holder)
      .execute();
  }

  async get(job: string): Promise<JobLease | undefined> {
    const r = await this.db.selectFrom('job_leases').selectAll().where('job', '=', job).executeTakeFirst();
    if (!r) return undefined;
    return {
      job: r.job,
      holder: r.holder,
      expiresAt: new Date(r.expires_at),
      lastStartedAt: r.last_started_at ? new Date(r.last_started_at) : undefined,
      lastFinishedAt: r.last_finished_at ? new Date(r.last_finished_at) : undefined,
      lastError: r.last_error ?? undefined,
    };
  }
}
