import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { blockFrom } from '@meterflow/core/metering/interval-block';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { encodeIntervalBatch } from '@meterflow/protocols';
import { makeTestApp, type TestApp } from './test-app.ts';

const flat = (meterId: string, date: string, v: number) => blockFrom({ meterId, channel: 1, date }, Array(96).fill(v));

describe('metering API', () => {
  let t: TestApp;
  let admin: string;
  let clerk: string;
  let customer: string;
  let meterAddress: string;
  let multiplier: number;
  before(async () => {
    t = await makeTestApp();
    admin = await t.login('admin');
    clerk = await t.login('clerk.gangu');
    customer = await t.login('zhangwei');
    const sps = await t.store.accounts.listServicePoints(['acc-620524-0001']);
    const meters = (await t.store.meters.listByServicePoints(sps.map((s) => s.id))).filter((m) => !m.removedOn);
    meterAddress = meters[0].address;
    multiplier = meters[0].ctRatio * meters[0].ptRatio;
  });
  after(() => t.close());

  const inject = (cookie: string, method: 'GET' | 'POST', url: string, payload?: unknown, type?: string) =>
    t.app.fastify.inject({
      method,
      url,
      headers: { cookie, ...(type ? { 'content-type': type } : {}) },
      ...(payload === undefined ? {} : { payload: payload as string }),
    });

  test('a binary batch is stored once; a duplicate changes nothing', async () => {
    const days = ['2026-11-10', '2026-11-11', '2026-11-12'].map((d) => flat(meterAddress, d, 100));
    const body = Buffer.from(encodeIntervalBatch(days));
    const first = await inject(clerk, 'POST', '/api/metering/intervals', body, 'application/octet-stream');
    assert.equal(first.statusCode, 200, first.body);
    assert.deepEqual(first.json(), { inserted: 3, merged: 0, unchanged: 0, reads: 288 });
    const again = await inject(clerk, 'POST', '/api/metering/intervals', body, 'application/octet-stream');
    assert.deepEqual(again.json(), { inserted: 0, merged: 0, unchanged: 3, reads: 288 });
    const broken = Buffer.from(body);
    broken[20] ^= 0xff;
    const bad = await inject(clerk, 'POST', '/api/metering/intervals', broken, 'application/octet-stream');
    assert.equal(bad.statusCode, 400);
    assert.equal(bad.json().error.code, 'PAYLOAD_CORRUPT');
  });

  test('a CSV import stores good rows and reports and keeps every bad row', async () => {
    const head = `meter,channel,date,${Array.from({ length: 96 }, (_, i) => `v${i + 1}`).join(',')}`;
    const row = (m: string, d: string, v: string) => `${m},1,${d},${Array(96).fill(v).join(',')}`;
    const csv = [
      head,
      row('cc0000000001', '2026-11-01', '5'),
      row('cc0000000002', '2026-13-01', '5'),
      row('cc0000000003', '2026-11-01', 'x'),
    ].join('\n');
    const res = await inject(clerk, 'POST', '/api/metering/imports/csv?name=nov.csv', csv, 'text/csv');
    assert.equal(res.statusCode, 200, res.body);
    const report = res.json();
    assert.deepEqual([report.rowsRead, report.rowsAccepted, report.rowsRejected, report.readsStored], [3, 1, 2, 96]);
    assert.deepEqual([...new Set(report.errors.map((e: { line: number }) => e.line))], [3, 4]);
    const rejects = await inject(clerk, 'GET', `/api/metering/rejects?batchId=${report.batchId}`);
    assert.deepEqual(
      rejects.json().items.map((r: { line: number; raw: string }) => [r.line, r.raw.slice(0, 12)]),
      [
        [3, 'cc0000000002'],
        [4, 'cc0000000003'],
      ],
    );
  });

  test('JSON readings report every problem at once and store nothing then', async () => {
    const bad = await inject(admin, 'POST', '/api/metering/readings', {
      meters: [
        { meterId: meterAddress, freezes: [{ date: '2026-11-40', wh: 1 }] },
        { meterId: meterAddress, events: [{ kind: 'nope', at: 'yesterday' }] },
      ],
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().error.details.map((d: { path: string }) => d.path),
      ['/meters/0/freezes/0/date', '/meters/1/events/0/kind', '/meters/1/events/0/at'],
    );
  });

  test('VEE finds a spike; a clerk edits it with a reason; the old version stays', async () => {
    const history = Array.from({ length: 10 }, (_, i) =>
      flat(meterAddress, `2026-10-${String(20 + i).padStart(2, '0')}`, 50),
    );
    const spiky = flat(meterAddress, '2026-10-30', 50);
    spiky.values[40] = 9000;
    const ok = await inject(
      clerk,
      'POST',
      '/api/metering/intervals',
      Buffer.from(encodeIntervalBatch([...history, spiky])),
      'application/octet-stream',
    );
    assert.equal(ok.statusCode, 200);
    const run = await inject(admin, 'POST', '/api/metering/vee/run', {});
    assert.equal(run.statusCode, 200, run.body);
    assert.ok(run.json().checked >= 11);
    const queue = await inject(clerk, 'GET', `/api/metering/vee-exceptions?status=open&meterId=${meterAddress}`);
    const spike = queue
      .json()
      .items.find((e: { ruleId: string; date: string }) => e.ruleId === 'spike' && e.date === '2026-10-30');
    assert.ok(spike, queue.body);
    assert.deepEqual(spike.slots, [40]);
    const noReason = await inject(clerk, 'POST', `/api/metering/vee-exceptions/${encodeURIComponent(spike.id)}/edit`, {
      reason: 'x',
      edits: [{ slot: 40, value: 55 }],
    });
    assert.equal(noReason.statusCode, 400);
    const edited = await inject(clerk, 'POST', `/api/metering/vee-exceptions/${encodeURIComponent(spike.id)}/edit`, {
      reason: 'checked on site: kettle test',
      edits: [{ slot: 40, value: 55 }],
    });
    assert.equal(edited.statusCode, 200, edited.body);
    assert.equal(edited.json().status, 'edited');
    const hist = (await inject(clerk, 'GET', `/api/metering/meters/${meterAddress}/blocks/2026-10-30`)).json();
    const last = hist.versions[hist.versions.length - 1];
    assert.deepEqual(
      [hist.versions[0].values[40], last.values[40], last.quality[40], last.kind],
      [9000, 55, QUALITY.EDITED, 'edit'],
    );
    assert.equal(hist.edits[0].reason, 'checked on site: kettle test');
    const audit = await t.store.audit.listFor('interval_block', `${meterAddress}/1/2026-10-30`);
    assert.equal(audit.at(-1)?.action, 'vee.edit');
    const reads = (
      await inject(clerk, 'GET', `/api/metering/meters/${meterAddress}/reads?from=2026-10-30&to=2026-10-30`)
    ).json();
    assert.equal(reads.days[0].quality[40], QUALITY.EDITED);
  });

  test('an account’s usage applies the multiplier; other accounts are not found', async () => {
    const res = await inject(
      customer,
      'GET',
      '/api/accounts/acc-620524-0001/usage?from=2026-11-10&to=2026-11-13&granularity=day',
    );
    assert.equal(res.statusCode, 200, res.body);
    const pts = res.json().points;
    assert.deepEqual(
      pts.map((p: { period: string; wh: number; quality: string }) => [p.period, p.wh, p.quality]),
      [
        ['2026-11-10', 9600 * multiplier, 'actual'],
        ['2026-11-11', 9600 * multiplier, 'actual'],
        ['2026-11-12', 9600 * multiplier, 'actual'],
        ['2026-11-13', 0, 'missing'],
      ],
    );
    const month = await inject(
      customer,
      'GET',
      '/api/accounts/acc-620524-0001/usage?from=2026-11-01&to=2026-11-30&granularity=month',
    );
    assert.equal(month.json().points[0].kwh, (3 * 9600 * multiplier) / 1000);
    const other = await inject(customer, 'GET', '/api/accounts/acc-620522-0001/usage?from=2026-11-10&to=2026-11-13');
    assert.equal(other.statusCode, 404);
    const queue = await inject(customer, 'GET', '/api/metering/vee-exceptions');
    assert.equal(queue.statusCode, 403);
  });

  test('collection success per reading book counts complete days', async () => {
    const res = await inject(clerk, 'GET', '/api/metering/collection?from=2026-11-10&to=2026-11-11');
    assert.equal(res.statusCode, 200, res.body);
    const withData = res
      .json()
      .books.flatMap((b: { days: { collected: number }[] }) => b.days)
      .filter((d: { collected: number }) => d.collected > 0);
    assert.equal(withData.length, 2);
    assert.ok(res.json().books.every((b: { orgId: string }) => b.orgId === 'org-gg'));
  });
});
