/** Malformed input, limits, the error catalogue, configuration and the OpenAPI document. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ERROR_CODES } from '@meterflow/core';
import { ERROR_STATUS } from '../src/http/error-status.ts';
import { ConfigError, loadConfig } from '../src/config.ts';
import { makeTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
before(async () => {
  t = await makeTestApp({ LOGIN_ATTEMPTS_PER_MINUTE: '5' });
});
after(() => t.close());

const login = (payload: string, contentType = 'application/json') =>
  t.app.fastify.inject({ method: 'POST', url: '/api/auth/login', payload, headers: { 'content-type': contentType } });

describe('malformed bodies get a 400 naming the field', () => {
  const cases: [string, string, string][] = [
    ['missing field', '{"username":"a"}', '/body/password'],
    ['unknown field', '{"username":"a","password":"b","admin":true}', '/body/admin'],
    ['empty string', '{"username":"","password":"b"}', '/body/username'],
    ['wrong type', '{"username":{"x":1},"password":"b"}', '/body/username'],
    ['not JSON', '{"username":', '/body'],
  ];
  for (const [name, payload, path] of cases) {
    test(name, async () => {
      const res = await login(payload);
      assert.equal(res.statusCode, 400, res.body);
      const err = res.json().error;
      assert.equal(err.code, 'VALIDATION_FAILED');
      assert.ok(
        err.details.some((d: { path: string }) => d.path === path),
        `expected a detail at ${path}: ${JSON.stringify(err.details)}`,
      );
    });
  }

  test('every problem is reported at once', async () => {
    const res = await login('{"extra":1}');
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    assert.ok(paths.includes('/body/username') && paths.includes('/body/password'), JSON.stringify(paths));
  });

  test('query strings are validated too', async () => {
    const cookie = await t.login('clerk.gangu');
    const res = await t.app.fastify.inject({
      method: 'GET',
      url: '/api/customers?q=a&limit=100000',
      headers: { cookie },
    });
    assert.equal(res.statusCode, 400);
    assert.equal(res.json().error.details[0].path, '/querystring/limit');
  });
});

describe('limits', () => {
  test('a body over the route limit is refused with 413', async () => {
    const res = await login(JSON.stringify({ username: 'a', password: 'x'.repeat(10_000) }));
    assert.equal(res.statusCode, 413);
    assert.equal(res.json().error.code, 'PAYLOAD_TOO_LARGE');
  });

  test('an unsupported content type is refused with 415', async () => {
    const res = await login('username=a', 'text/csv');
    assert.equal(res.statusCode, 415);
    assert.equal(res.json().error.code, 'UNSUPPORTED_MEDIA_TYPE');
  });

  test('logins are rate-limited per user name', async () => {
    const attempt = () => login(JSON.stringify({ username: 'auditor', password: 'guess-guess' }));
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) statuses.push((await attempt()).statusCode);
    assert.deepEqual(statuses.slice(0, 5), [401, 401, 401, 401, 401]);
    assert.equal(statuses[6], 429);
    const limited = await attempt();
    assert.equal(limited.json().error.code, 'RATE_LIMITED');
    // Another user name from the same address is not blocked by it.
    assert.equal((await login(JSON.stringify({ username: 'dispatcher', password: 'guess-guess' }))).statusCode, 401);
  });

  test('unknown API paths answer with the error body', async () => {
    const res = await t.app.fastify.inject({ method: 'GET', url: '/api/nothing-here' });
    assert.equal(res.statusCode, 404);
    assert.equal(res.json().error.code, 'NOT_FOUND');
  });
});

describe('error catalogue', () => {
  test('every code has an HTTP status and an entry in docs/errors.md', () => {
    const doc = readFileSync(new URL('../../../docs/errors.md', import.meta.url), 'utf8');
    for (const code of Object.keys(ERROR_CODES)) {
      assert.ok(ERROR_STATUS[code as keyof typeof ERROR_STATUS] >= 400, `${code} has a status`);
      assert.match(
        doc,
        new RegExp(`\\|\\s*\`${code}\`\\s*\\|\\s*${ERROR_STATUS[code as keyof typeof ERROR_STATUS]}\\s*\\|`),
        `${code} documented with its status`,
      );
    }
  });
});

describe('configuration', () => {
  test('each bad variable is named in one error', () => {
    try {
      loadConfig({ PORT: 'eighty', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://x', MF_ZONE: 'Mars/Olympus' });
      assert.fail('expected a ConfigError');
    } catch (e) {
      assert.ok(e instanceof ConfigError);
      for (const name of ['PORT', 'LOG_LEVEL', 'DATABASE_URL', 'MF_ZONE']) assert.match(e.message, new RegExp(name));
      assert.equal(e.problems.length, 4);
    }
  });

  test('defaults are sensible', () => {
    const c = loadConfig({});
    assert.equal(c.port, 8080);
    assert.equal(c.databaseUrl, 'sqlite:./data/meterflow.db');
    assert.equal(c.zone, 'Asia/Shanghai');
  });
});

describe('operations endpoints', () => {
  test('OpenAPI lists every API route with a response schema', async () => {
    const doc = (await t.app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
    assert.equal(doc.openapi, '3.1.0');
    for (const path of [
      '/api/auth/login',
      '/api/me',
      '/api/accounts',
      '/api/accounts/{id}',
      '/api/group',
      '/api/customers',
      '/api/customers/{id}',
      '/api/orgs/tree',
    ]) {
      assert.ok(doc.paths[path], `${path} documented`);
      for (const op of Object.values(doc.paths[path]) as { responses: Record<string, unknown> }[]) {
        assert.ok(
          Object.keys(op.responses).some((s) => s.startsWith('2')),
          `${path} has a success response`,
        );
      }
    }
    const docs = await t.app.fastify.inject({ method: 'GET', url: '/docs/' });
    assert.equal(docs.statusCode, 200);
  });

  test('healthz and metrics answer', async () => {
    const h = await t.app.fastify.inject({ method: 'GET', url: '/healthz' });
    assert.deepEqual(h.json(), { status: 'ok', database: 'sqlite' });
    const m = await t.app.fastify.inject({ method: 'GET', url: '/metrics' });
    assert.match(m.body, /meterflow_http_request_seconds_bucket/);
    assert.match(m.body, /process_cpu_user_seconds_total/);
  });
});
