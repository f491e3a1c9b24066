/** Settings of the payments context, read with the rest of the configuration (see ../config.ts). */
export interface PaymentsConfig {
  /** Base URL of the online payment provider (the simulator in the demo and in tests). */
  providerUrl: string;
  /** Shared secret for HMAC-SHA256 signatures between us and the provider. */
  providerSecret: string;
  /** Where the provider posts its asynchronous callback; empty = derived from the request's host. */
  notifyUrl: string;
  /** An online order still waiting after this long is closed at the provider (if unpaid there), never assumed. */
  orderTimeoutMinutes: number;
  /** The stale-order job queries orders waiting longer than this (≤ the timeout; unpaid younger ones stay open). */
  staleQueryAfterMinutes: number;
  /** How often the stale-order job runs; 0 = never (another process queries, or a test drives it). */
  staleQueryEverySeconds: number;
  /** Most orders one round of the job (or one call of the query-stale route) asks the provider about. */
  staleQueryBatch: number;
  /** MF_ENABLE_TEST_ROUTES=1: admin-only routes that create test data (receivables) are mounted. Never in production. */
  testRoutes: boolean;
}

const DEMO_SECRET = 'meterflow-demo-secret';

/** Reads MF_PAYMENT_* variables; problems are appended to the shared list, each naming its variable. */
export function loadPaymentsConfig(env: Record<string, string | undefined>, problems: string[]): PaymentsConfig {
  const int = (name: string, fallback: number, min: number, max: number): number => {
    const raw = env[name];
    if (raw === undefined || raw === '') return fallback;
    const n = Number(raw);
    if (!Number.isInteger(n) || n < min || n > max) {
      problems.push(`${name}="${raw}" must be a whole number from ${min} to ${max}`);
      return fallback;
    }
    return n;
  };
  const providerUrl = env.MF_PAYMENT_PROVIDER_URL || 'http://127.0.0.1:8090';
  if (!/^https?:\/\//.test(providerUrl))
    problems.push(`MF_PAYMENT_PROVIDER_URL="${providerUrl}" must be an http(s) URL`);
  const providerSecret = env.MF_PAYMENT_SECRET || DEMO_SECRET;
  if (providerSecret.length < 16) problems.push('MF_PAYMENT_SECRET must be at least 16 characters');
  const timeout = int('MF_PAYMENT_ORDER_TIMEOUT_MINUTES', 15, 1, 24 * 60);
  const queryAfter = int('MF_PAYMENT_STALE_QUERY_AFTER_MINUTES', Math.min(5, timeout), 1, 24 * 60);
  if (queryAfter > timeout)
    problems.push(
      `MF_PAYMENT_STALE_QUERY_AFTER_MINUTES="${queryAfter}" must not exceed MF_PAYMENT_ORDER_TIMEOUT_MINUTES (${timeout})`,
    );
  return {
    providerUrl: providerUrl.replace(/\/$/, ''),
    providerSecret,
    notifyUrl: env.MF_PAYMENT_NOTIFY_URL || '',
    orderTimeoutMinutes: timeout,
    staleQueryAfterMinutes: queryAfter,
    staleQueryEverySeconds: int('MF_PAYMENT_STALE_QUERY_EVERY_SECONDS', 60, 0, 24 * 60 * 60),
    staleQueryBatch: int('MF_PAYMENT_STALE_QUERY_BATCH', 100, 1, 1000),
    testRoutes: env.MF_ENABLE_TEST_ROUTES === '1',
  };
}
