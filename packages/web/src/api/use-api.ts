// Loads one API resource for a page. A 401 anywhere ends the session in the UI at once, so a
// page never shows an "unauthenticated" error of its own.
import { useContext, useEffect, useRef, useState } from 'react';
import { SessionContext } from '../auth/session-context.tsx';
import { ApiError } from './api-error.ts';

export interface Loaded<T> {
  data: T | undefined;
  error: ApiError | undefined;
  loading: boolean;
  reload: () => void;
}

/** Runs `load` when `key` changes and tracks its result; stale answers are dropped. */
export function useApi<T>(load: () => Promise<T>, key: string): Loaded<T> {
  const session = useContext(SessionContext);
  const [state, setState] = useState<{ key: string; data?: T; error?: ApiError }>({ key: '' });
  const [tick, setTick] = useState(0);
  // `load` is a fresh closure each render; the key says when it really changed.
  const loadRef = useRef(load);
  loadRef.current = load;
  useEffect(() => {
    let live = true;
    loadRef.current().then(
      (data) => live && setState({ key: `${key}#${tick}`, data }),
      (e: unknown) => {
        if (!live) return;
        const error = e instanceof ApiError ? e : new ApiError('UNKNOWN', 0, String(e));
        if (error.code === 'UNAUTHENTICATED') session?.expire();
        setState({ key: `${key}#${tick}`, error });
      },
    );
    return () => {
      live = false;
    };
  }, [key, tick, session]);
  const current = state.key === `${key}#${tick}`;
  return {
    data: current ? state.data : undefined,
    error: current ? state.error : undefined,
    loading: !current,
    reload: () => setTick((n) => n + 1),
  };
}
