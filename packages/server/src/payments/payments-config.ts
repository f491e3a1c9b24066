/** Settings of the payments context, read with the rest of the configuration (see ../config.ts). */
export interface PaymentsConfig {
  /** Base URL of the online payment provider (the simulator in the demo and in tests). */
  providerUrl: string;
  /** Shared secret for HMAC-SHA256 signatures between us and the provider. */
  providerSecret: string;
  /** Where the provider posts its asynchronous callback; empty = derived from the request's host. */
  notifyUrl: string;
  /** An online order still waiting after this long is queried at the provider, never assumed. */
  orderTimeoutMinutes: number;
  /** MF_ENABLE_TEST_ROUTES=1: admin-only routes that create test data (receivables) are mounted. Never in production. */
  testRoutes: boolean;
}

const DEMO_SECRET = 'meterflow-demo-secret';

/** Reads MF_PAYMENT_* variables; problems are appended to the shared list. */
export function loadPaymentsConfig(env: Record<string, string | undefined>, problems: string[]): PaymentsConfig {
  const providerUrl = env.MF_PAYMENT_PROVIDER_URL || 'http://127.0.0.1:8090';
  if (!/^https?:\/\//.test(providerUrl))
    problems.push(`MF_PAYMENT_PROVIDER_URL="${providerUrl}" must be an http(s) URL`);
  const providerSecret = env.MF_PAYMENT_SECRET || DEMO_SECRET;
  if (providerSecret.length < 16) problems.push('MF_PAYMENT_SECRET must be at least 16 characters');
  const timeout = Number(env.MF_PAYMENT_ORDER_TIMEOUT_MINUTES || 15);
  if (!Number.isInteger(timeout) || timeout < 1 || timeout > 24 * 60)
    problems.push('MF_PAYMENT_ORDER_TIMEOUT_MINUTES must be a whole number from 1 to 1440');
  return {
    providerUrl: providerUrl.replace(/\/$/, ''),
    providerSecret,
    notifyUrl: env.MF_PAYMENT_NOTIFY_URL || '',
    orderTimeoutMinutes: timeout,
    testRoutes: env.MF_ENABLE_TEST_ROUTES === '1',
  };
}
