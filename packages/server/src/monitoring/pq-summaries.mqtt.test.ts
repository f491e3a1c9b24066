/**
 * PQ monitor summaries over a real broker (Mosquitto at MQTT_TEST_URL, default 127.0.0.1:1883) on the
 * documented topic `meterflow/v1/pq/{subjectId}/summary`, QoS 1: a valid message published twice is
 * stored once, malformed messages are kept as rejected rows with every problem (nothing is dropped
 * silently), and the weekly report and dashboard show what was stored, judged against each account's
 * declared voltage (220 V phase for 0.22 kV, 10 kV line for 10 kV).
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { randomUUID } from 'node:crypto';
import mqtt, { type MqttClient } from 'mqtt';
import type { AccountToAssess } from '@meterflow/store';
import { makeTestApp, type TestApp } from '../../test/test-app.ts';
import { PQ_REJECT_SOURCE, PqMqttAdapter } from './pq-mqtt.adapter.ts';
import { pqSummaryTopic } from './pq-topics.ts';

const URL = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';
/** The broker is shared with other tests: this run's subjects carry a unique part. */
const RUN = randomUUID().slice(0, 8);
const SUBJECT = `pqm-${RUN}`;
const MINE = 'acc-620524-0001';
const WEEK = '2026-11-02';
const FROM = '2026-11-01T16:00:00.000Z';
const TO = '2026-11-08T16:00:00.000Z';
const DAY_START = Date.parse('2026-11-02T16:00:00Z'); // 2026-11-03 00:00 local (the demo seeds the week after)
/** Longest wait for messages to go round the broker. */
const WAIT_MS = 15_000;

let t: TestApp;
let adapter: PqMqttAdapter;
let publisher: MqttClient;
let mv: AccountToAssess;
const cookies: Record<string, string> = {};
const quiet = { info() {}, warn() {}, error() {} };

before(async () => {
  t = await makeTestApp();
  for (const u of ['zhangwei', 'clerk.gangu', 'admin']) cookies[u] = await t.login(u);
  const accounts = await t.store.monitoring.risk.accountsToAssess('', 1000);
  const found = accounts.find((a) => a.voltageLevel === '10kV' && a.meters.length === 1);
  assert.ok(found, 'a 10 kV account with one meter');
  mv = found;
  adapter = new PqMqttAdapter(t.app.services.monitoring.summaries, t.store, t.clock, {
    url: URL,
    clientId: `mf-test-pq-${RUN}`,
    log: quiet,
  });
  await adapter.start();
  publisher = await mqtt.connectAsync(URL, { clientId: `mf-test-pq-pub-${RUN}` });
});
after(async () => {
  await adapter?.stop();
  await publisher?.endAsync();
  await t?.close();
});

const get = (user: string, url: string) =>
  t.app.fastify.inject({ method: 'GET', url, headers: { cookie: cookies[user] } });

async function waitFor(what: string, ok: () => Promise<boolean>): Promise<void> {
  const until = Date.now() + WAIT_MS;
  while (!(await ok())) {
    if (Date.now() > until) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
  await adapter.drain();
}

const day = (volts: (i: number) => number[]) =>
  Array.from({ length: 144 }, (_, i) => ({
    intervalStart: new Date(DAY_START + i * 600_000).toISOString(),
    voltageV: volts(i),
    thdPct: 2.5,
    frequencyHz: 50.02,
    unbalancePct: 0.7,
  }));

/** This run's rejected rows: the topic each came on and the paths of its problems. */
async function myRejects(): Promise<{ topic: string; paths: string[]; raw: string }[]> {
  const res = await get('clerk.gangu', '/api/metering/rejects?status=open&limit=500');
  assert.equal(res.statusCode, 200, res.body);
  const out = [];
  for (const r of res.json().items as { batchId: string; raw: string; errors: { path: string }[] }[]) {
    const batch = await t.store.metering.batches.get(r.batchId);
    if (batch?.source === PQ_REJECT_SOURCE && batch.name.includes(RUN))
      out.push({ topic: batch.name, paths: r.errors.map((e) => e.path), raw: r.raw });
  }
  return out.sort((x, y) => x.topic.localeCompare(y.topic) || x.raw.localeCompare(y.raw));
}

test('PQ summaries over MQTT: stored once, malformed ones kept with every problem, report and dashboard reflect them', async () => {
  const valid = JSON.stringify({
    accountId: MINE,
    summaries: day((i) => [224 + (i % 5) / 2]),
    events: [{ kind: 'dip', startAt: '2026-11-03T03:00:00Z', durationMs: 80, extremePct: 75, phases: ['va'] }],
  });
  const topic = pqSummaryTopic(SUBJECT);
  assert.equal(topic, `meterflow/v1/pq/${SUBJECT}/summary`);
  await publisher.publishAsync(topic, valid, { qos: 1 });
  await publisher.publishAsync(topic, valid, { qos: 1 }); // the same message again (a monitor's retry)
  // A 10 kV monitor on the meter's address, no account named: line voltages around 10.15 kV.
  const mvSubject = mv.meters[0].address;
  await publisher.publishAsync(
    pqSummaryTopic(mvSubject),
    JSON.stringify({ summaries: day((i) => [10_150 + i, 10_180, 10_120]), runId: RUN }),
    { qos: 1 },
  );
  await publisher.publishAsync(topic, `{"summaries": [ ${RUN}`, { qos: 1 });
  await publisher.publishAsync(
    topic,
    JSON.stringify({
      accountId: MINE,
      summaries: [{ intervalStart: '2026-11-03T00:05:00Z', voltageV: [], frequencyHz: 12 }],
      events: [{ kind: 'blip', startAt: 'yesterday', durationMs: -1, extremePct: 50, phases: 'va' }],
    }),
    { qos: 1 },
  );
  const unknownAccount = JSON.stringify({
    accountId: `acc-nope-${RUN}`,
    summaries: [{ intervalStart: '2026-11-04T00:00:00Z', voltageV: [230] }],
  });
  await publisher.publishAsync(topic, unknownAccount, { qos: 1 });
  await publisher.publishAsync(`meterflow/v1/pq/bad.${RUN}/summary`, valid, { qos: 1 });

  await waitFor('four rejected messages', async () => (await myRejects()).length >= 4);
  await waitFor('the 10 kV summaries', async () => {
    const rows = await t.store.monitoring.pq.listSummaries([mv.accountId], FROM, TO);
    return rows.filter((r) => r.subjectId === mvSubject).length === 144;
  });

  // Stored once: 144 summaries and one event, though the message came twice.
  const mine = (await t.store.monitoring.pq.listSummaries([MINE], FROM, TO)).filter((r) => r.subjectId === SUBJECT);
  assert.equal(mine.length, 144);
  assert.equal(new Set(mine.map((r) => r.intervalStart)).size, 144);
  const events = await t.store.monitoring.pq.listEvents({ accountIds: [MINE], from: FROM, to: TO, limit: 500 });
  assert.equal(events.filter((e) => e.subjectId === SUBJECT).length, 1);
  assert.ok(
    !(await t.store.monitoring.pq.listSummaries([MINE], FROM, TO)).some((r) =>
      r.intervalStart.startsWith('2026-11-04T00:00'),
    ),
    'a refused message stores nothing, not even its valid summary',
  );

  // Nothing dropped silently: every malformed message is kept whole with every problem.
  const rejects = await myRejects();
  assert.equal(rejects.length, 4);
  const byPaths = rejects.map((r) => r.paths.join(' ')).sort();
  assert.deepEqual(byPaths, [
    '/accountId',
    '/summaries/0/intervalStart /summaries/0/voltageV /summaries/0/frequencyHz /events/0/kind /events/0/startAt /events/0/durationMs /events/0/phases',
    'byte 0',
    'topic',
  ]);
  assert.ok(
    rejects.some((r) => r.raw === unknownAccount),
    'the raw message is kept for correction',
  );
  assert.ok(rejects.some((r) => r.topic === `meterflow/v1/pq/bad.${RUN}/summary`));
  assert.ok(adapter.stats.rejected >= 4 && adapter.stats.stored >= 3, JSON.stringify(adapter.stats));

  // The customer's weekly report: 144 summaries against 220 V, one dip inside ITIC.
  const report = await get('zhangwei', `/api/monitoring/accounts/${MINE}/pq-report?week=${WEEK}`);
  assert.equal(report.statusCode, 200, report.body);
  const r = report.json();
  assert.equal(r.summaries, 144);
  assert.deepEqual(r.declaredVoltage, {
    voltageLevel: '0.22kV',
    measured: 'phase',
    referenceV: 220,
    phaseV: 220,
    lineV: null,
  });
  assert.equal(r.events.length, 1);
  assert.equal(r.events[0].inside, true);
  const dev = r.compliance.find((c: { quantity: string }) => c.quantity === 'voltageDeviationPct');
  assert.equal(dev.pass, true);
  assert.ok(dev.value > 1.8 && dev.value < 3.2, `+2–3 % over 220 V, got ${dev.value}`);

  // The 10 kV account: line voltages judged against 10 kV (against 220 V they would be +4,500 %).
  const mvReport = await get('admin', `/api/monitoring/accounts/${mv.accountId}/pq-report?week=${WEEK}`);
  assert.equal(mvReport.statusCode, 200, mvReport.body);
  const m = mvReport.json();
  assert.equal(m.summaries, 144);
  assert.equal(m.declaredVoltage.measured, 'line');
  assert.equal(m.declaredVoltage.referenceV, 10_000);
  const mvDev = m.compliance.find((c: { quantity: string }) => c.quantity === 'voltageDeviationPct');
  assert.equal(mvDev.pass, true);
  assert.ok(mvDev.value > 1 && mvDev.value < 3.5, `about +1.5–3 %, got ${mvDev.value}`);

  // The staff dashboard shows the dip once, placed on the residential curve.
  const dash = await get('clerk.gangu', `/api/monitoring/pq/dashboard?from=${WEEK}&to=2026-11-09`);
  assert.equal(dash.statusCode, 200, dash.body);
  const dips = (
    dash.json().events as { accountId: string; startAt: string; curveId: string; inside: boolean }[]
  ).filter((e) => e.accountId === MINE && e.startAt === '2026-11-03T03:00:00.000Z');
  assert.equal(dips.length, 1);
  assert.equal(dips[0].curveId, 'itic');
});
