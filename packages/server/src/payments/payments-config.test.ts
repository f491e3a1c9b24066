import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadPaymentsConfig } from './payments-config.ts';

test('payments settings: sensible defaults for the stale-order job', () => {
  const problems: string[] = [];
  const c = loadPaymentsConfig({}, problems);
  assert.deepEqual(problems, []);
  assert.equal(c.orderTimeoutMinutes, 15);
  assert.equal(c.staleQueryAfterMinutes, 5);
  assert.equal(c.staleQueryEverySeconds, 60);
  assert.equal(c.staleQueryBatch, 100);
  // A short timeout pulls the default query age down with it.
  assert.equal(loadPaymentsConfig({ MF_PAYMENT_ORDER_TIMEOUT_MINUTES: '3' }, []).staleQueryAfterMinutes, 3);
  assert.equal(loadPaymentsConfig({ MF_PAYMENT_STALE_QUERY_EVERY_SECONDS: '0' }, []).staleQueryEverySeconds, 0);
});

test('payments settings: every bad value is named', () => {
  const problems: string[] = [];
  loadPaymentsConfig(
    {
      MF_PAYMENT_PROVIDER_URL: 'ftp://x',
      MF_PAYMENT_SECRET: 'short',
      MF_PAYMENT_ORDER_TIMEOUT_MINUTES: '0',
      MF_PAYMENT_STALE_QUERY_EVERY_SECONDS: 'often',
      MF_PAYMENT_STALE_QUERY_BATCH: '5000',
    },
    problems,
  );
  for (const name of [
    'MF_PAYMENT_PROVIDER_URL',
    'MF_PAYMENT_SECRET',
    'MF_PAYMENT_ORDER_TIMEOUT_MINUTES',
    'MF_PAYMENT_STALE_QUERY_EVERY_SECONDS',
    'MF_PAYMENT_STALE_QUERY_BATCH',
  ])
    assert.ok(
      problems.some((p) => p.includes(name)),
      `${name} named in ${JSON.stringify(problems)}`,
    );
  assert.equal(problems.length, 5);
  const late: string[] = [];
  loadPaymentsConfig({ MF_PAYMENT_ORDER_TIMEOUT_MINUTES: '10', MF_PAYMENT_STALE_QUERY_AFTER_MINUTES: '20' }, late);
  assert.equal(late.length, 1);
  assert.match(late[0], /MF_PAYMENT_STALE_QUERY_AFTER_MINUTES="20" must not exceed MF_PAYMENT_ORDER_TIMEOUT_MINUTES/);
});
