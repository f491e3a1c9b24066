// The only place the app talks to the server. The session is an httpOnly cookie, so every call
// sends same-origin credentials and nothing about the session is kept in JavaScript.
import { ApiError } from './api-error.ts';
import type {
  AccountDetail,
  AccountSummary,
  ApiErrorBody,
  CustomerDetail,
  CustomerHit,
  GroupView,
  Me,
  OrgNode,
} from './api-types.ts';

/** Most customers a search returns; the server caps it too. */
export const SEARCH_LIMIT = 20;

/** Extra request parts: headers (e.g. Idempotency-Key) and a body sent as text of the given type (e.g. CSV). */
export interface RequestOptions {
  headers?: Record<string, string>;
  contentType?: string;
}

export async function request<T>(
  method: 'GET' | 'POST',
  path: string,
  body?: unknown,
  options: RequestOptions = {},
): Promise<T> {
  let res: Response;
  const raw = options.contentType !== undefined;
  try {
    res = await fetch(path, {
      method,
      credentials: 'same-origin',
      headers: {
        ...(body === undefined
          ? { accept: 'application/json' }
          : { 'content-type': raw ? options.contentType! : 'application/json' }),
        ...options.headers,
      },
      body: body === undefined ? undefined : raw ? String(body) : JSON.stringify(body),
    });
  } catch (e) {
    throw new ApiError('NETWORK', 0, e instanceof Error ? e.message : String(e));
  }
  if (res.status === 204) return undefined as T;
  const text = await res.text();
  let json: unknown = null;
  try {
    json = text ? JSON.parse(text) : null;
  } catch {
    json = null;
  }
  if (!res.ok) {
    const err = (json as ApiErrorBody | null)?.error;
    throw new ApiError(err?.code ?? 'UNKNOWN', res.status, err?.message ?? res.statusText, err?.details ?? []);
  }
  return json as T;
}

const enc = encodeURIComponent;

/** Typed calls of the HTTP API contract. */
export const api = {
  login: (username: string, password: string) =>
    request<{ user: Me }>('POST', '/api/auth/login', { username, password }).then((r) => r.user),
  logout: () => request<void>('POST', '/api/auth/logout'),
  me: () => request<{ user: Me }>('GET', '/api/me').then((r) => r.user),
  accounts: () => request<{ items: AccountSummary[] }>('GET', '/api/accounts').then((r) => r.items),
  account: (id: string) => request<AccountDetail>('GET', `/api/accounts/${enc(id)}`),
  group: () => request<GroupView>('GET', '/api/group'),
  searchCustomers: (q: string) =>
    request<{ items: CustomerHit[] }>('GET', `/api/customers?q=${enc(q)}&limit=${SEARCH_LIMIT}`).then((r) => r.items),
  customer: (id: string) => request<CustomerDetail>('GET', `/api/customers/${enc(id)}`),
  orgTree: () => request<{ root: OrgNode }>('GET', '/api/orgs/tree').then((r) => r.root),
};
