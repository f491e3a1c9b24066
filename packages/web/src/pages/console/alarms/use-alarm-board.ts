// The live board's state: the list from the API, kept current by the SSE stream. New alarms go on
// top and stay marked as fresh for a moment; the list is reloaded whenever the stream (re)connects
// so nothing sent while disconnected is missed.
import { useContext, useEffect, useRef, useState } from 'react';
import { ApiError } from '../../../api/api-error.ts';
import {
  ALARM_STREAM_URL,
  alarmsApi,
  type AlarmFilter,
  type AlarmStreamBatch,
  type AlarmView,
} from '../../../api/alarms-api.ts';
import { SessionContext } from '../../../auth/session-context.tsx';

/** How long a new alarm keeps its highlight. */
export const FRESH_MS = 6000;
/** Most alarms the board holds; older ones drop off the end. */
export const BOARD_MAX = 200;

export type StreamState = 'connecting' | 'live' | 'reconnecting';

const ADDING = new Set(['raise', 'reopen']);
const ENDING = new Set(['resolve', 'manualResolve']);

/** True when an alarm belongs on a board with these filters. */
export function matches(f: AlarmFilter, a: AlarmView): boolean {
  if (f.status && a.status !== f.status) return false;
  if (f.severity?.length && !f.severity.includes(a.severity)) return false;
  if (f.kind?.length && !f.kind.includes(a.kind)) return false;
  if (f.branchId?.length && (a.branchId === null || !f.branchId.includes(a.branchId))) return false;
  return true;
}

/** Applies one stream batch to the board; returns the new list and the ids that just arrived. */
export function applyBatch(
  list: readonly AlarmView[],
  batch: AlarmStreamBatch,
  f: AlarmFilter,
): { list: AlarmView[]; added: string[] } {
  let next = [...list];
  const added: string[] = [];
  for (const { action, alarm } of batch.changes) {
    const at = next.findIndex((a) => a.id === alarm.id);
    if (!matches(f, alarm)) {
      if (at >= 0) next.splice(at, 1);
      continue;
    }
    if (at >= 0) next[at] = alarm;
    else if (ADDING.has(action) || (!ENDING.has(action) && f.status !== 'resolved')) {
      next = [alarm, ...next];
      added.push(alarm.id);
    } else if (ENDING.has(action)) {
      next = [alarm, ...next];
    }
  }
  return { list: next.slice(0, BOARD_MAX), added };
}

/** The board's alarms for `filter`, live. `key` must change whenever the filter does. */
export function useAlarmBoard(filter: AlarmFilter, key: string) {
  const session = useContext(SessionContext);
  const [alarms, setAlarms] = useState<AlarmView[] | undefined>();
  const [total, setTotal] = useState(0);
  const [error, setError] = useState<ApiError | undefined>();
  const [fresh, setFresh] = useState<ReadonlySet<string>>(new Set());
  const [stream, setStream] = useState<StreamState>('connecting');
  const filterRef = useRef(filter);
  filterRef.current = filter;
  // The list as last shown, so stream batches are applied in order without waiting for a render.
  const listRef = useRef<AlarmView[] | undefined>(undefined);
  const show = (list: AlarmView[] | undefined) => {
    listRef.current = list;
    setAlarms(list);
  };

  useEffect(() => {
    let live = true;
    const timers = new Set<ReturnType<typeof setTimeout>>();
    const load = () =>
      alarmsApi.list({ ...filterRef.current, limit: BOARD_MAX }).then(
        (page) => {
          if (!live) return;
          show(page.items);
          setTotal(page.total);
          setError(undefined);
        },
        (e: unknown) => {
          if (!live) return;
          const err = e instanceof ApiError ? e : new ApiError('UNKNOWN', 0, String(e));
          if (err.code === 'UNAUTHENTICATED') session?.expire();
          setError(err);
        },
      );
    show(undefined);
    const source = new EventSource(ALARM_STREAM_URL);
    source.onopen = () => {
      setStream('live');
      void load();
    };
    source.onerror = () => setStream('reconnecting');
    source.addEventListener('alarms', (ev) => {
      const batch = JSON.parse((ev as MessageEvent<string>).data) as AlarmStreamBatch;
      if (!listRef.current) return;
      const r = applyBatch(listRef.current, batch, filterRef.current);
      show(r.list);
      if (!r.added.length) return;
      setTotal((n) => n + r.added.length);
      setFresh((s) => new Set([...s, ...r.added]));
      const timer = setTimeout(() => {
        timers.delete(timer);
        setFresh((s) => new Set([...s].filter((id) => !r.added.includes(id))));
      }, FRESH_MS);
      timers.add(timer);
    });
    return () => {
      live = false;
      source.close();
      for (const t of timers) clearTimeout(t);
    };
  }, [key, session]);

  const replace = (a: AlarmView) =>
    show(listRef.current?.map((x) => (x.id === a.id ? a : x)).filter((x) => matches(filterRef.current, x)));
  return { alarms, total, error, fresh, stream, replace };
}
