import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
let clerk: string;
let customer: string;
before(async () => {
  t = await makeTestApp();
  clerk = await t.login('clerk.gangu');
  customer = await t.login('zhangwei');
});
after(() => t.close());

const send = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown, type?: string) =>
  t.app.fastify.inject({
    method,
    url,
    headers: { cookie, ...(type ? { 'content-type': type } : {}) },
    ...(payload === undefined ? {} : { payload: payload as string }),
  });
const head = `meter,channel,date,${Array.from({ length: 96 }, (_, i) => `v${i + 1}`).join(',')}`;
const row = (m: string, d: string, v: string) => `${m},1,${d},${Array(96).fill(v).join(',')}`;

test('a rejected CSV row is corrected and resubmitted: stored once, closed as corrected, not twice', async () => {
  const csv = [head, row('dd0000000001', '2026-11-01', '5'), row('dd0000000002', '2026-11-01', 'x')].join('\n');
  const report = (await send(clerk, 'POST', '/api/metering/imports/csv?name=fix.csv', csv, 'text/csv')).json();
  assert.equal(report.rowsRejected, 1);
  const [bad] = (await send(clerk, 'GET', `/api/metering/rejects?batchId=${report.batchId}`)).json().items;

  // Still wrong (a bad date and a bad value): every problem is reported, the row stays open.
  const still = await send(clerk, 'POST', `/api/metering/rejects/${bad.id}/resubmit`, {
    raw: row('dd0000000002', '2026-11-31', 'y'),
  });
  assert.equal(still.statusCode, 400, still.body);
  const paths: string[] = still.json().error.details.map((d: { path: string }) => d.path);
  assert.ok(paths.some((p) => p.includes('(date)')) && paths.some((p) => p.includes('(v1)')), paths.join());
  const open = (await send(clerk, 'GET', `/api/metering/rejects?batchId=${report.batchId}&status=open`)).json();
  assert.equal(open.items.length, 1);

  // A customer may not resubmit.
  const refused = await send(customer, 'POST', `/api/metering/rejects/${bad.id}/resubmit`, {
    raw: row('dd0000000002', '2026-11-01', '7'),
  });
  assert.equal(refused.statusCode, 403);

  const fixed = await send(clerk, 'POST', `/api/metering/rejects/${bad.id}/resubmit`, {
    raw: row('dd0000000002', '2026-11-01', '7'),
  });
  assert.equal(fixed.statusCode, 200, fixed.body);
  assert.deepEqual(fixed.json(), { rejectId: bad.id, status: 'corrected', reads: 96 });
  const block = await t.store.metering.blocks.versions({ meterId: 'dd0000000002', channel: 1, date: '2026-11-01' });
  assert.equal(block[0].block.values[0], 7);
  const [closed] = (await send(clerk, 'GET', `/api/metering/rejects?batchId=${report.batchId}`)).json().items;
  assert.equal(closed.status, 'corrected');

  const twice = await send(clerk, 'POST', `/api/metering/rejects/${bad.id}/resubmit`, {
    raw: row('dd0000000002', '2026-11-01', '7'),
  });
  assert.equal(twice.statusCode, 409);
  assert.equal(twice.json().error.code, 'STATE_INVALID');
  const missing = await send(clerk, 'POST', '/api/metering/rejects/999999/resubmit', { raw: 'x' });
  assert.equal(missing.statusCode, 404);
});

test('a rejected MQTT reading message is resubmitted as corrected JSON on its topic', async () => {
  const batchId = await t.app.services.metering.ingest.rejectMessage(
    'mqtt',
    'meterflow/v1/meters/dd0000000003/reads',
    '{"freezes":[{"date":"2026-11-40","wh":1}]}',
    [{ path: '/freezes/0/date', message: 'not a date' }],
  );
  const [bad] = (await send(clerk, 'GET', `/api/metering/rejects?batchId=${batchId}`)).json().items;
  const fixed = await send(clerk, 'POST', `/api/metering/rejects/${bad.id}/resubmit`, {
    raw: '{"freezes":[{"date":"2026-11-10","wh":12340}]}',
  });
  assert.equal(fixed.statusCode, 200, fixed.body);
  const freezes = await t.store.metering.reads.dailyFreezes(
    'dd0000000003',
    'forward-active',
    '2026-11-01',
    '2026-11-30',
  );
  assert.deepEqual(
    freezes.map((f) => [f.date, f.valueWh]),
    [['2026-11-10', 12340]],
  );
});
