import { test } from 'node:test';
import assert from 'node:assert/strict';
import { requestHash } from './idempotency-key.ts';

test('the request hash is the one stored with earlier keys (SHA-256 of operation, newline, canonical body)', () => {
  // Pinned: idempotency keys already stored compare against this value.
  assert.equal(
    requestHash('POST /api/payments/counter', { amountFen: 123, accountNo: '6205240001', reference: undefined }),
    '372b4faf8c2bc8b507ac79df4ecbbc0e9e6dbc78e89ca1607417e2d193584849',
  );
});

test('the same body in another key order or with undefined fields hashes the same; another body does not', () => {
  const a = requestHash('op', { b: [1, { y: 2, x: 1 }], a: 'z' });
  assert.equal(a, requestHash('op', { a: 'z', b: [1, { x: 1, y: 2 }], c: undefined }));
  assert.notEqual(a, requestHash('op', { a: 'z', b: [1, { x: 1, y: 3 }] }));
  assert.notEqual(a, requestHash('op2', { a: 'z', b: [1, { x: 1, y: 2 }] }));
});
