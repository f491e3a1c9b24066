import { hostname } from 'node:os';
import type { Command } from 'commander';
import cliProgress from 'cli-progress';
import { AppError, systemClock } from '@meterflow/core';
import { openDatabase, Store } from '@meterflow/store';
import { loadConfig, runBillCycle } from '@meterflow/server';

/** Most worker threads the command accepts. */
const WORKERS_MAX = 16;

interface BillRunOptions {
  cycle: string;
  book?: string;
  workers?: string;
  simulate?: boolean;
  fromMetering?: boolean;
  progress: boolean;
}

/**
 * A lease held by a `meterflow bill-run` process of this host that no longer exists: a run killed
 * mid-way, which a new run may take over at once instead of waiting for the lease to expire.
 */
function deadLocalRunner(holder: string): boolean {
  const m = /^cli:(.+):(\d+)$/.exec(holder);
  if (!m || m[1] !== hostname() || Number(m[2]) === process.pid) return false;
  try {
    process.kill(Number(m[2]), 0);
    return false;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'ESRCH';
  }
}

/** `meterflow bill-run`: the cycle's bill run on the configured database, with a progress bar on stderr. */
export function registerBillRun(program: Command): void {
  program
    .command('bill-run')
    .description(
      'calculate and audit the bills of a cycle from stored determinants (DATABASE_URL); safe to rerun or resume',
    )
    .requiredOption('--cycle <YYYY-MM>', 'billing cycle')
    .option('--book <id>', 'one reading book only')
    .option('--workers <n>', 'worker threads for large runs (default: one per core; 0 = main thread)')
    .option('--simulate', 'simulate the month’s determinants first (demo data)')
    .option('--from-metering', 'build the determinants from stored interval blocks and register freezes first')
    .option('--no-progress', 'no progress bar')
    .action(async (opts: BillRunOptions) => {
      const workers = opts.workers === undefined ? undefined : Number(opts.workers);
      if (workers !== undefined && (!Number.isInteger(workers) || workers < 0 || workers > WORKERS_MAX))
        throw new AppError('VALIDATION_FAILED', `--workers "${opts.workers}" must be 0–${WORKERS_MAX}`);
      const config = loadConfig(process.env);
      const handle = await openDatabase({ url: config.databaseUrl });
      const bar = opts.progress
        ? new cliProgress.SingleBar(
            { format: 'bill run {bar} {percentage}% | {value}/{total} accounts | {book}', stream: process.stderr },
            cliProgress.Presets.shades_classic,
          )
        : undefined;
      let started = false;
      let built: unknown;
      try {
        const result = await runBillCycle(Store.of(handle), systemClock, {
          cycle: opts.cycle,
          readingBookId: opts.book,
          workers,
          simulate: opts.simulate === true,
          fromMetering: opts.fromMetering === true,
          onBuilt: (r) => {
            const { gaps, ...summary } = r;
            built = { ...summary, gaps: gaps.length, firstGaps: gaps.slice(0, 10) };
          },
          actor: `cli:${process.env.USER ?? 'operator'}`,
          holder: `cli:${hostname()}:${process.pid}`,
          holderIsDead: deadLocalRunner,
          onProgress: (done, total, book) => {
            if (!bar) return;
            if (!started) bar.start(total, 0, { book });
            started = true;
            bar.update(done, { book });
          },
        });
        bar?.stop();
        const { books, ...summary } = result;
        console.log(
          JSON.stringify({ ...summary, books: books.length, ...(built ? { determinants: built } : {}) }, null, 2),
        );
      } finally {
        bar?.stop();
        await handle.close();
      }
    });
}
