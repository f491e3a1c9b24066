/** Monitoring API: waveform upload, summaries, weekly report, dashboard, imports, risk job and access. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
const MINE = 'acc-620524-0001';
const STRANGER = 'acc-620522-0010';

before(async () => {
  t = await makeTestApp();
  for (const u of ['zhangwei', 'clerk.gangu', 'clerk.qinan', 'admin', 'dispatcher']) cookies[u] = await t.login(u);
});
after(() => t.close());

async function call(
  user: string | null,
  method: 'GET' | 'POST' | 'PUT',
  url: string,
  payload?: unknown,
  contentType?: string,
) {
  const headers: Record<string, string> = user ? { cookie: cookies[user] } : {};
  if (contentType) headers['content-type'] = contentType;
  return t.app.fastify.inject({ method, url, headers, payload: payload as string });
}

/** One second of three-phase 220 V at 6.4 kHz with a 150 ms dip to 40 % on phase a at 0.4 s. */
function dipCsv(): string {
  const sr = 6400;
  const lines = ['time,va,vb,vc'];
  for (let i = 0; i < sr; i++) {
    const t = i / sr;
    const dip = t >= 0.4 && t < 0.55 ? 0.4 : 1;
    const v = (k: number, f: number) =>
      (220 * Math.SQRT2 * f * Math.sin(2 * Math.PI * 50 * t - (2 * Math.PI * k) / 3)).toFixed(3);
    lines.push(`${t.toFixed(7)},${v(0, dip)},${v(1, 1)},${v(2, 1)}`);
  }
  return lines.join('\n');
}

describe('power quality', () => {
  test('staff upload a waveform CSV: the dip is found, placed outside ITIC, and shows on the dashboard', async () => {
    const res = await call(
      'clerk.gangu',
      'POST',
      `/api/monitoring/pq/records?accountId=${MINE}&format=csv&nominalV=220&freq=50&name=dip.csv`,
      dipCsv(),
      'text/csv',
    );
    assert.equal(res.statusCode, 200, res.body);
    const body = res.json();
    assert.equal(body.categoryId, 'residential');
    assert.equal(body.curveId, 'itic');
    const dip = body.events.find((e: { kind: string }) => e.kind === 'dip');
    assert.ok(dip, 'a dip');
    assert.deepEqual(dip.phases, ['va']);
    assert.ok(Math.abs(dip.extremePct - 40) < 2 && Math.abs(dip.durationS - 0.15) < 0.02, JSON.stringify(dip));
    assert.equal(dip.inside, false);
    const day = new Date(t.clock.now().getTime()).toISOString().slice(0, 10);
    const dash = await call('clerk.gangu', 'GET', `/api/monitoring/pq/dashboard?from=${day}&to=2099-01-01`);
    assert.equal(dash.statusCode, 200, dash.body);
    const d = dash.json();
    assert.ok(d.events.some((e: { accountId: string; inside: boolean }) => e.accountId === MINE && !e.inside));
    assert.deepEqual(
      d.curves.map((c: { id: string }) => c.id),
      ['itic', 'semi-f47'],
    );
    assert.ok(d.records.some((r: { fileName: string }) => r.fileName === 'dip.csv'));
    const other = await call('clerk.qinan', 'GET', `/api/monitoring/pq/dashboard?from=${day}&to=2099-01-01`);
    assert.equal(other.statusCode, 200);
    assert.ok(
      !other.json().events.some((e: { accountId: string }) => e.accountId === MINE),
      'another branch sees none of it',
    );
  });

  test('a broken CSV is refused with the line named; customers may not upload; strangers are not found', async () => {
    const bad = await call(
      'clerk.gangu',
      'POST',
      `/api/monitoring/pq/records?accountId=${MINE}&format=csv&nominalV=220&freq=50`,
      'time,va\n0,1\n0.1,x\n',
      'text/csv',
    );
    assert.equal(bad.statusCode, 400, bad.body);
    assert.ok(bad.json().error.details.length >= 1);
    assert.equal(
      (
        await call(
          'zhangwei',
          'POST',
          `/api/monitoring/pq/records?accountId=${MINE}&format=csv&nominalV=220&freq=50`,
          dipCsv(),
          'text/csv',
        )
      ).statusCode,
      403,
    );
    assert.equal(
      (
        await call(
          'clerk.qinan',
          'POST',
          `/api/monitoring/pq/records?accountId=${MINE}&format=csv&nominalV=220&freq=50`,
          dipCsv(),
          'text/csv',
        )
      ).statusCode,
      404,
    );
    assert.equal((await call('zhangwei', 'GET', `/api/monitoring/accounts/${STRANGER}/pq-report`)).statusCode, 404);
    assert.equal(
      (await call('zhangwei', 'GET', '/api/monitoring/pq/dashboard?from=2026-01-01&to=2026-02-01')).statusCode,
      403,
    );
  });

  test('monitor summaries feed the customer’s weekly report: limits judged, events on the curve, explained', async () => {
    const summaries = Array.from({ length: 100 }, (_, i) => ({
      intervalStart: new Date(Date.parse('2026-10-26T00:00:00+08:00') + i * 600_000).toISOString(),
      voltageV: [232, 231, 230],
      thdPct: 3,
      frequencyHz: 50.01,
      unbalancePct: 0.8,
    }));
    const events = [{ kind: 'dip', startAt: '2026-10-27T03:00:00Z', durationMs: 80, extremePct: 75, phases: ['vb'] }];
    const res = await call('dispatcher', 'POST', '/api/monitoring/pq/summaries', {
      subjectId: 'pqm-7',
      accountId: MINE,
      summaries,
      events,
    });
    assert.equal(res.statusCode, 200, res.body);
    assert.deepEqual(res.json(), { summaries: 100, events: 1, accountId: MINE });
    const bad = await call('dispatcher', 'POST', '/api/monitoring/pq/summaries', {
      subjectId: 'pqm-7',
      summaries: [{ intervalStart: '2026-11-10T00:05:00Z', voltageV: [230], frequencyHz: 12 }],
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad
        .json()
        .error.details.map((d: { path: string }) => d.path)
        .sort(),
      ['/summaries/0/frequencyHz', '/summaries/0/intervalStart'],
    );
    const report = await call('zhangwei', 'GET', `/api/monitoring/accounts/${MINE}/pq-report?week=2026-10-26`);
    assert.equal(report.statusCode, 200, report.body);
    const r = report.json();
    assert.equal(r.summaries, 100);
    const dev = r.compliance.find((c: { quantity: string }) => c.quantity === 'voltageDeviationPct');
    assert.equal(dev.pass, true, '232 V is within +7 % of 220 V');
    assert.equal(r.events.length, 1);
    assert.equal(r.events[0].inside, true, 'a dip to 75 % for 80 ms is inside ITIC');
    assert.match(r.explanation.zh, /电压暂降/);
    assert.match(r.explanation.en, /limits/);
  });
});

describe('external data and safe usage', () => {
  test('weather CSV: every bad row is reported at once and nothing is stored; a good file is stored', async () => {
    const bad =
      'area,date,hour,temperatureC\n620524,2026-11-01,,5\nnowhere,2026-11-01,3,5\n620524,2026-13-01,3,5\n620524,2026-11-02,25,999\n';
    const res = await call('clerk.gangu', 'POST', '/api/monitoring/imports/weather', bad, 'text/csv');
    assert.equal(res.statusCode, 400, res.body);
    const paths = res.json().error.details.map((d: { path: string }) => d.path);
    assert.deepEqual([...new Set(paths)], ['line 3', 'line 4', 'line 5']);
    assert.equal(paths.length, 4, 'line 5 has two problems');
    const good = await call(
      'clerk.gangu',
      'POST',
      '/api/monitoring/imports/weather',
      'area,date,hour,temperatureC\n620524,2026-11-01,,5.5\n620524,2026-11-02,3,-1\n',
      'text/csv',
    );
    assert.deepEqual(good.json(), { stored: 2 });
    assert.equal((await call('zhangwei', 'POST', '/api/monitoring/imports/weather', 'x', 'text/csv')).statusCode, 403);
  });

  test('policy notices and production imports report every problem with its path', async () => {
    const bad = await call('admin', 'POST', '/api/monitoring/imports/policies', {
      notices: [
        {
          id: 'n1',
          industry: 'chem',
          tag: 't',
          riskDelta: 99,
          validFrom: '2026-01-01',
          title: { zh: '通知', en: 'Notice' },
        },
        { id: '', industry: 'chem', tag: 't', riskDelta: 5, validFrom: 'x' },
      ],
    });
    assert.equal(bad.statusCode, 400);
    assert.deepEqual(
      bad.json().error.details.map((d: { path: string }) => d.path),
      ['/notices/0/riskDelta', '/notices/1/id', '/notices/1/validFrom', '/notices/1/title'],
    );
    const ok = await call('admin', 'POST', '/api/monitoring/imports/policies', {
      notices: [
        {
          id: 'n1',
          industry: 'household',
          tag: 'winter-heating-safety',
          riskDelta: 30,
          validFrom: '2026-11-01',
          validTo: null,
          title: { zh: '冬季取暖用电安全', en: 'Winter heating safety' },
        },
      ],
    });
    assert.deepEqual(ok.json(), { stored: 1 });
    const prodBad = await call(
      'admin',
      'POST',
      '/api/monitoring/imports/production',
      'account,date,output,unit\nnope,2026-11-01,1,t\n',
      'text/csv',
    );
    assert.equal(prodBad.json().error.details[0].path, 'line 2');
  });

  test('the risk job assesses every account; policy tags raise the score; customers see their advice, staff the list', async () => {
    const profile = await call('clerk.gangu', 'PUT', `/api/monitoring/accounts/${MINE}/profile`, {
      categoryId: 'residential',
      industry: 'household',
    });
    assert.equal(profile.statusCode, 200, profile.body);
    assert.equal((await call('zhangwei', 'POST', '/api/monitoring/risk/run', {})).statusCode, 403);
    const run = await call('dispatcher', 'POST', '/api/monitoring/risk/run', { asOf: '2026-11-19' });
    assert.equal(run.statusCode, 200, run.body);
    const r = run.json();
    assert.ok(r.assessed > 10, `assessed ${r.assessed}`);
    const safety = await call('zhangwei', 'GET', `/api/monitoring/accounts/${MINE}/safety`);
    assert.equal(safety.statusCode, 200, safety.body);
    const s = safety.json();
    assert.equal(s.asOf, '2026-11-19');
    assert.ok(s.findings.some((f: { code: string }) => f.code === 'policyRaisesRisk'));
    assert.ok(s.score >= 30 && s.advice.length >= 1);
    assert.equal((await call('zhangwei', 'GET', `/api/monitoring/accounts/${STRANGER}/safety`)).statusCode, 404);
    const list = await call('clerk.gangu', 'GET', '/api/monitoring/risk');
    const items = list.json().items as { accountId: string; score: number }[];
    assert.equal(items[0].accountId, MINE, 'highest score first');
    assert.ok(items.every((i) => i.accountId.startsWith('acc-620524') || i.accountId.startsWith('acc-')));
    const qinan = (await call('clerk.qinan', 'GET', '/api/monitoring/risk')).json().items as { accountId: string }[];
    assert.ok(!qinan.some((i) => i.accountId === MINE));
  });
});
