import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const get = async (user: string, url: string) =>
  t.app.fastify.inject({ method: 'GET', url, headers: { cookie: cookies[user] } });
const post = async (user: string, url: string, payload: object = {}) =>
  t.app.fastify.inject({ method: 'POST', url, payload, headers: { cookie: cookies[user] } });

before(async () => {
  t = await makeTestApp();
  for (const u of ['admin', 'dispatcher', 'auditor', 'clerk.gangu', 'clerk.qinan', 'zhangwei'])
    cookies[u] = await t.login(u);
});
after(async () => t.close());

test('the demo city starts with alarms: a stalled book, a terminal outage, a failed bill run, a risk', async () => {
  const res = await get('dispatcher', '/api/alarms?status=open&limit=100');
  assert.equal(res.statusCode, 200);
  const { items, total } = res.json();
  assert.equal(items.length, total);
  const keys = items.map((a: { ruleId: string; subjectId: string }) => `${a.ruleId}|${a.subjectId}`);
  assert.ok(keys.includes('stage-overrun|rb-620524-03/2026-11/collection'), keys.join(' '));
  assert.ok(keys.includes('terminal-outage|jzq-rb-620522-05'), keys.join(' '));
  assert.ok(keys.includes('stage-failed|rb-620522-04/2026-11/calculation'), keys.join(' '));
  assert.ok(keys.includes('safe-usage-risk|acc-620524-0001'), keys.join(' '));
  // One meter silent on its own; the meters behind the failed concentrator are held back.
  assert.equal(keys.filter((k: string) => k.startsWith('meter-silent|')).length, 1);
});

test('filters by severity, kind and branch; clerks see only their branch; customers none', async () => {
  const major = (await get('dispatcher', '/api/alarms?status=open&minSeverity=major')).json();
  assert.ok(major.items.length > 0);
  assert.ok(major.items.every((a: { severity: string }) => ['major', 'critical'].includes(a.severity)));
  const terminal = (await get('dispatcher', '/api/alarms?kind=terminalOutage')).json();
  assert.deepEqual(
    terminal.items.map((a: { subjectId: string }) => a.subjectId),
    ['jzq-rb-620522-05'],
  );
  const gg = (await get('clerk.gangu', '/api/alarms?status=open&limit=100')).json();
  assert.ok(gg.total > 0);
  assert.ok(gg.items.every((a: { branchId: string }) => a.branchId === 'org-gg'));
  const qa = (await get('dispatcher', '/api/alarms?branchId=org-qa&limit=100')).json();
  assert.ok(qa.items.length > 0 && qa.items.every((a: { branchId: string }) => a.branchId === 'org-qa'));
  const paged = (await get('dispatcher', '/api/alarms?status=open&limit=1&offset=1')).json();
  assert.equal(paged.items.length, 1);
  assert.equal((await get('zhangwei', '/api/alarms')).statusCode, 403);
  assert.equal((await get('dispatcher', '/api/alarms?severity=bogus')).statusCode, 400);
});

test('a clerk of another branch cannot see an alarm; readers cannot act; a dispatcher acknowledges and resolves', async () => {
  const [terminal] = (await get('dispatcher', '/api/alarms?kind=terminalOutage')).json().items;
  assert.equal((await get('clerk.gangu', `/api/alarms/${terminal.id}`)).statusCode, 404);
  const detail = (await get('clerk.qinan', `/api/alarms/${terminal.id}`)).json();
  assert.match(detail.alarm.diagnosis.zh, /集中器/);
  assert.equal(detail.workOrder.state, 'open');
  assert.equal((await post('auditor', `/api/alarms/${terminal.id}/acknowledge`)).statusCode, 403);
  const acked = await post('dispatcher', `/api/alarms/${terminal.id}/acknowledge`, { note: 'calling the field team' });
  assert.equal(acked.statusCode, 200);
  assert.equal(acked.json().acknowledgedBy, 'dispatcher');
  const incomplete = await post('dispatcher', `/api/alarms/${terminal.id}/resolve`, {
    rootCause: 'nonsense',
    note: '',
  });
  assert.equal(incomplete.statusCode, 400);
  assert.deepEqual(
    incomplete
      .json()
      .error.details.map((d: { path: string }) => d.path)
      .sort(),
    ['/note', '/rootCause'],
  );
  const resolved = await post('dispatcher', `/api/alarms/${terminal.id}/resolve`, {
    rootCause: 'terminalHardware',
    note: 'replaced the concentrator power supply',
  });
  assert.equal(resolved.statusCode, 200);
  assert.deepEqual([resolved.json().status, resolved.json().resolution], ['resolved', 'manual']);
  const after = (await get('dispatcher', `/api/alarms/${terminal.id}`)).json();
  assert.deepEqual(
    after.events.map((e: { action: string }) => e.action),
    ['raise', 'acknowledge', 'manualResolve'],
  );
  assert.equal(after.workOrder.state, 'resolved');
  assert.equal(after.workOrder.rootCause, 'terminalHardware');
  assert.equal(
    (await post('dispatcher', `/api/alarms/${terminal.id}/resolve`, { rootCause: 'other', note: 'again and again' }))
      .statusCode,
    409,
  );
});

test('work orders: queue, acknowledge, resolve with a root cause, reopen', async () => {
  const queue = (await get('dispatcher', '/api/work-orders?state=open&limit=100')).json();
  assert.ok(queue.total > 0);
  const order = queue.items.find((w: { skill: string }) => w.skill === 'billing');
  assert.ok(order, 'a billing work order for the stalled book');
  assert.equal((await post('clerk.gangu', `/api/work-orders/${order.id}/acknowledge`)).statusCode, 403);
  assert.equal((await post('dispatcher', `/api/work-orders/${order.id}/acknowledge`)).json().state, 'acknowledged');
  assert.equal((await post('dispatcher', `/api/work-orders/${order.id}/acknowledge`)).statusCode, 409);
  const done = await post('dispatcher', `/api/work-orders/${order.id}/resolve`, {
    rootCause: 'processDelay',
    note: 'FEP task restarted',
  });
  assert.equal(done.json().state, 'resolved');
  const again = await post('dispatcher', `/api/work-orders/${order.id}/reopen`, { note: 'still late' });
  assert.deepEqual([again.json().state, again.json().reopenCount], ['open', 1]);
  assert.deepEqual(
    again.json().history.map((e: { action: string }) => e.action),
    ['open', 'acknowledge', 'resolve', 'reopen'],
  );
});

test('a cycle timeline shows each stage against its limit; figures count overruns', async () => {
  const cycles = (await get('clerk.gangu', '/api/alarms/cycles?limit=100')).json();
  assert.ok(cycles.items.length >= 10);
  assert.ok(cycles.items.every((c: { branchId: string }) => c.branchId === 'org-gg'));
  assert.ok(
    cycles.items.some(
      (c: { readingBookId: string; cycle: string }) => `${c.readingBookId}/${c.cycle}` === 'rb-620524-03/2026-11',
    ),
  );
  const tl = (await get('clerk.gangu', '/api/alarms/cycles/rb-620524-03/2026-11')).json();
  const collection = tl.stages.find((s: { stage: string }) => s.stage === 'collection');
  assert.equal(collection.status, 'overrun');
  assert.ok(collection.lateMinutes > 1440);
  assert.deepEqual(collection.limit, { amount: 24, unit: 'hours', basis: 'calendar' });
  assert.equal(tl.stages.find((s: { stage: string }) => s.stage === 'readingReview').status, 'waiting');
  assert.equal((await get('clerk.qinan', '/api/alarms/cycles/rb-620524-03/2026-11')).statusCode, 404);
  const f = (await get('dispatcher', '/api/alarms/figures?month=2026-11')).json();
  assert.equal(f.overrunsPerStage.collection, 1);
  assert.ok(f.alarmsRaised >= 4);
  assert.ok(f.workOrdersOpened >= 1);
});

test('a new observation and a sweep raise an alarm, and the sweep reports it', async () => {
  const obs = await post('admin', '/api/alarms/observations', {
    kind: 'reconciliation',
    key: 'wechat|2026-11-19',
    channel: 'wechat',
    branchId: 'org-qa',
    differenceFen: 250000,
    unmatchedCount: 3,
  });
  assert.equal(obs.statusCode, 204);
  assert.equal(
    (await post('dispatcher', '/api/alarms/observations', { kind: 'collectionJob', jobId: 'j', status: 'failed' }))
      .statusCode,
    403,
  );
  t.clock.advance(15 * 60_000);
  const sweep = (await post('dispatcher', '/api/alarms/sweep')).json();
  // The terminal alarm resolved by hand comes back as a new alarm: its concentrator is still silent.
  assert.deepEqual(sweep.alarms.raised.map((a: { ruleId: string }) => a.ruleId).sort(), [
    'reconciliation',
    'terminal-outage',
  ]);
  assert.ok(sweep.updated > 0);
  const again = (await post('admin', '/api/alarms/sweep')).json();
  assert.equal(again.raised, 0);
});

test('the OpenAPI document lists the alarm and work-order routes', async () => {
  const doc = (await t.app.fastify.inject({ method: 'GET', url: '/openapi.json' })).json();
  for (const path of [
    '/api/alarms',
    '/api/alarms/{id}',
    '/api/alarms/{id}/acknowledge',
    '/api/alarms/{id}/resolve',
    '/api/alarms/stream',
    '/api/alarms/sweep',
    '/api/alarms/cycles/{readingBookId}/{cycle}',
    '/api/alarms/figures',
    '/api/work-orders',
    '/api/work-orders/{id}/resolve',
    '/api/work-orders/{id}/reopen',
  ]) {
    assert.ok(doc.paths[path], `${path} missing`);
  }
});
