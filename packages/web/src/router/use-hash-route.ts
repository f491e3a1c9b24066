// A tiny hash router: the route is the part after '#', e.g. '#/accounts/42?x=1'.
// Hash routes need no server-side fallback, so the app works from any static file server.
import { useEffect, useState } from 'react';

export interface Route {
  /** Path segments, e.g. ['accounts', '42']. */
  segments: string[];
  query: URLSearchParams;
}

/** Parses a location hash into path segments and query. */
export function parseHash(hash: string): Route {
  const raw = hash.replace(/^#/, '');
  const [path, search = ''] = raw.split('?', 2);
  const segments = path
    .split('/')
    .filter((s) => s.length > 0)
    .map((s) => decodeURIComponent(s));
  return { segments, query: new URLSearchParams(search) };
}

/** Changes the route; the hashchange event re-renders subscribers. */
export function navigate(to: string): void {
  window.location.hash = to.startsWith('#') ? to : `#${to}`;
}

/** The current route, updated when the hash changes. */
export function useHashRoute(): Route {
  const [route, setRoute] = useState(() => parseHash(window.location.hash));
  useEffect(() => {
    const onChange = () => setRoute(parseHash(window.location.hash));
    window.addEventListener('hashchange', onChange);
    return () => window.removeEventListener('hashchange', onChange);
  }, []);
  return route;
}
