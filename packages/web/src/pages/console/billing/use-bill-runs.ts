// The bill run page's rows, kept current while a run is in flight. The POST that runs the bills
// answers only when every book is billed, so progress comes from polling the runs listing: each
// committed chunk moves a book's accounts done. Polling goes on while this page's run is pending
// or any listed row is running (another clerk's run, the command line, or a page reloaded mid-run).
import { useCallback, useContext, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/api-error.ts';
import { billingApi, type BillRun, type BookRunResult } from '../../../api/billing-api.ts';
import { SessionContext } from '../../../auth/session-context.tsx';
import { marksBefore, mergeRuns, type LiveRun } from './bill-run-progress.ts';

/** Pause between one poll's answer and the next request: with the answer's own time, under a second. */
export const RUN_POLL_MS = 500;

/** The cycle to poll: that of the rows being billed; undefined when none is (every cycle when several are). */
function runningCycle(rows: readonly BillRun[] | undefined): string | null | undefined {
  const cycles = new Set(rows?.filter((r) => r.status === 'running').map((r) => r.cycle));
  if (cycles.size === 0) return undefined;
  return cycles.size === 1 ? [...cycles][0] : null;
}

/** The run rows of the books in scope, a run started from this page, and its live progress. */
export function useBillRuns() {
  const session = useContext(SessionContext);
  const [rows, setRows] = useState<BillRun[] | undefined>();
  const [error, setError] = useState<ApiError | undefined>();
  const [pollError, setPollError] = useState<ApiError | undefined>();
  const [live, setLive] = useState<LiveRun | undefined>();
  const [loads, setLoads] = useState(0);
  const [polls, setPolls] = useState(0);
  // Answers can come back out of order (a poll sent before the run ended, answered after the last
  // look): only an answer to a later request replaces what is shown.
  const sent = useRef(0);
  const shown = useRef(0);

  const asApiError = useCallback(
    (e: unknown) => {
      const err = e instanceof ApiError ? e : new ApiError('UNKNOWN', 0, String(e));
      if (err.code === 'UNAUTHENTICATED') session?.expire();
      return err;
    },
    [session],
  );

  /** Fetches the rows of one cycle (null: every cycle) and shows them if nothing newer has been shown. */
  const fetchRows = useCallback(async (cycle: string | null): Promise<BillRun[]> => {
    const n = ++sent.current;
    const res = await billingApi.runs(cycle ?? undefined);
    if (n > shown.current) {
      shown.current = n;
      setRows((held) => mergeRuns(held ?? [], res.items, cycle ?? undefined));
    }
    return res.items;
  }, []);

  useEffect(() => {
    let on = true;
    fetchRows(null).then(
      () => on && setError(undefined),
      (e: unknown) => on && setError(asApiError(e)),
    );
    return () => {
      on = false;
    };
  }, [loads, fetchRows, asApiError]);

  const own = live?.inFlight ? live.cycle : undefined;
  const pollCycle = own ?? runningCycle(rows);
  useEffect(() => {
    if (pollCycle === undefined) return;
    let on = true;
    const timer = setTimeout(() => {
      fetchRows(pollCycle)
        .then(
          () => on && setPollError(undefined),
          (e: unknown) => on && setPollError(asApiError(e)),
        )
        .finally(() => on && setPolls((n) => n + 1));
    }, RUN_POLL_MS);
    return () => {
      on = false;
      clearTimeout(timer);
    };
  }, [pollCycle, polls, fetchRows, asApiError]);

  /** Runs the bills of a cycle (one book or all in scope), following its progress until it answers. */
  const start = async (cycle: string, readingBookId?: string): Promise<BookRunResult[]> => {
    const [plan, before] = await Promise.all([billingApi.plan(cycle, readingBookId), fetchRows(cycle)]);
    setLive({ cycle, plan: plan.items, before: marksBefore(before, cycle), inFlight: true });
    try {
      const res = await billingApi.run(cycle, readingBookId);
      setLive((l) => l && { ...l, inFlight: false, results: res.items });
      return res.items;
    } catch (e) {
      setLive((l) => l && { ...l, inFlight: false });
      throw e;
    } finally {
      // One last look, at the rows as the run left them.
      void fetchRows(cycle).catch(() => undefined);
    }
  };

  return {
    rows,
    error,
    pollError,
    live,
    start,
    reload: () => setLoads((n) => n + 1),
  };
}
