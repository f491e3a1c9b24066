import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from '../../test/test-app.ts';

let t: TestApp;
before(async () => {
  t = await makeTestApp();
});
after(() => t.close());

const me = (cookie: string) => t.app.fastify.inject({ method: 'GET', url: '/api/me', headers: { cookie } });

test('a session remembered by the cache still ends at logout', async () => {
  const cookie = await t.login('zhangwei');
  assert.equal((await me(cookie)).statusCode, 200);
  assert.equal((await me(cookie)).statusCode, 200);
  await t.app.fastify.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
  assert.equal((await me(cookie)).statusCode, 401);
});

test('a cached session does not outlive its idle lifetime', async () => {
  const cookie = await t.login('zhangwei');
  assert.equal((await me(cookie)).statusCode, 200);
  t.clock.advance(121 * 60_000);
  assert.equal((await me(cookie)).statusCode, 401);
});

test('a session deleted elsewhere is refused once the cache entry is older than its TTL', async () => {
  const cookie = await t.login('zhangwei');
  assert.equal((await me(cookie)).statusCode, 200);
  await t.store.users.deleteExpiredSessions('9999-12-31T00:00:00Z');
  t.clock.advance(6_000);
  assert.equal((await me(cookie)).statusCode, 401);
});
