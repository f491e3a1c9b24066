/** Tables of the in-process job scheduler (migration 0007-jobs). Instants are ISO-8601 UTC text. */

/** One row per job name: who holds the right to run it and until when, and how the last run went. */
export interface JobLeaseTable {
  job: string;
  holder: string;
  expires_at: string;
  last_started_at: string | null;
  last_finished_at: string | null;
  last_error: string | null;
}

export interface JobsTables {
  job_leases: JobLeaseTable;
}
