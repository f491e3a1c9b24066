/**
 * End to end over loopback TCP and a real broker (Mosquitto at MQTT_TEST_URL, default
 * 127.0.0.1:1883): the simulator serves 200 meters over DL/T 645 and publishes 200 over MQTT for
 * 3 days; the reading plan polls the first, the MQTT adapter stores the second; VEE runs over
 * both; the ground-truth file is scored: share of injected faults caught and of false alarms.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import mqtt, { type MqttClient } from 'mqtt';
import { addDays, localToInstant, ManualClock } from '@meterflow/core';
import { resolveVeeConfig } from '@meterflow/core/metering/vee/vee-config';
import { openDatabase, Store, type DatabaseHandle } from '@meterflow/store';
import { IngestService } from '@meterflow/server/metering/ingest.service';
import { VeeService } from '@meterflow/server/metering/vee.service';
import { MqttIngestAdapter } from '@meterflow/server/metering/mqtt/mqtt-ingest.adapter';
import { parsePollPlanConfig } from '@meterflow/server/metering/polling/poll-plan-config';
import { ReadingPlanService } from '@meterflow/server/metering/polling/reading-plan.service';
import { RegisterVeeService } from '@meterflow/server/metering/polling/register-vee.service';
import { scoreVeeDetection, type VeeScore } from '@meterflow/simulator/faults/index';
import { dayReadsMessage, publishFleetDays } from '@meterflow/simulator/mqtt/index';
import { serveFleetOverDlt645, type FleetServer } from '@meterflow/simulator/dlt645/index';
import { readGroundTruth, simulateBothFleets, writeGroundTruth } from './fleet-simulation.ts';

const URL = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';
const ZONE = 'Asia/Shanghai';
const SEED = 20260302;
const METERS = 200;
const DAYS = 3;
const PORTS = 10;
/** MQTT meters' days stored before the run: the spike rule needs a week of the meter's own history. */
const WARM_UP_DAYS = 7;
const WARM_START = '2024-05-01';
const START = addDays(WARM_START, WARM_UP_DAYS);
const LAST = addDays(START, DAYS - 1);
const prefix = `mftest/${process.pid}${Date.now().toString(36)}b`;
const silent = { info() {}, warn() {}, error() {} };

let dir: string;
let handle: DatabaseHandle;
let store: Store;
let adapter: MqttIngestAdapter;
let publisher: MqttClient;
let fleet: FleetServer | undefined;
let plan: ReadingPlanService | undefined;
const clock = new ManualClock(localToInstant(START, 0, ZONE));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-both-'));
  handle = await openDatabase({ url: `sqlite:${join(dir, 'both.db')}`, sqliteSynchronous: 'NORMAL' });
  store = Store.of(handle);
  const ingest = new IngestService(store, clock, ZONE);
  adapter = new MqttIngestAdapter(ingest, { url: URL, prefix, clientId: `mf-test-both-${process.pid}`, log: silent });
  await adapter.start();
  publisher = await mqtt.connectAsync(URL, { clientId: `mf-test-both-sim-${process.pid}` });
});

after(async () => {
  plan?.close();
  await fleet?.stop();
  await publisher?.endAsync();
  await adapter?.stop();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function settled(expected: number): Promise<void> {
  for (let i = 0; i < 1200 && adapter.stats.stored + adapter.stats.rejected < expected; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await adapter.drain();
}

function print(name: string, s: VeeScore): void {
  console.log(`  ${name}`);
  for (const [kind, k] of Object.entries(s.byKind).sort())
    console.log(`    ${kind.padEnd(18)} caught ${k.caught}/${k.injected}`);
  console.log(
    `    caught ${s.caught}/${s.injected} = ${(100 * s.detection).toFixed(1)} %, false alarms ${s.falseAlarms}/${s.cleanDays} = ${(100 * s.falseAlarmRate).toFixed(2)} %`,
  );
}

test('200 meters over DL/T 645 and 200 over MQTT for 3 days: stored, VEE scored against the ground-truth file', async () => {
  const ingest = new IngestService(store, clock, ZONE);
  const vee = new VeeService(store, clock, ZONE, resolveVeeConfig());
  const sim = simulateBothFleets({
    seed: SEED,
    start: WARM_START,
    days: WARM_UP_DAYS + DAYS,
    zone: ZONE,
    mqttMeters: METERS,
    dlt645Meters: METERS,
  });
  const mqttDays = [...sim.mqttDays];
  const tcpDays = sim.dlt645Days.filter((d) => d.block.date >= START);
  fleet = await serveFleetOverDlt645({ days: tcpDays, ports: Array(PORTS).fill(0), clock, zone: ZONE });
  const truthFile = join(dir, 'truth.json');
  writeGroundTruth(truthFile, {
    seed: SEED,
    start: WARM_START,
    days: WARM_UP_DAYS + DAYS,
    zone: ZONE,
    meters: METERS,
    faults: mqttDays.flatMap((d) => d.injected),
    dlt645: { meters: METERS, channels: fleet.channels, faults: tcpDays.flatMap((d) => d.injected) },
  });

  // MQTT: a week of history, then the three days through the broker.
  const warm = mqttDays.filter((d) => d.block.date < START);
  await ingest.storeBlocks(
    warm.map((d) => d.block),
    'warm-up',
  );
  for (const d of warm) await ingest.ingestMessage(d.meter.meterId, dayReadsMessage(d), 'simulator', 'warm-up');
  const t0 = performance.now();
  const sent = await publishFleetDays(
    publisher,
    mqttDays.filter((d) => d.block.date >= START),
    { pace: 'fast', prefix },
  );
  await settled(sent.messages);
  const mqttMs = performance.now() - t0;
  assert.equal(adapter.stats.rejected, 0);

  // DL/T 645: field work records meter exchanges, as a clerk would; the plan polls at 01:00 every day.
  for (const d of tcpDays)
    for (const e of d.events.filter((x) => x.source === 'field'))
      await ingest.ingestMessage(
        d.meter.meterId,
        { events: [{ kind: e.kind, at: e.atUtc, source: e.source, detail: e.detail }] },
        'field',
        'field-work',
      );
  const config = parsePollPlanConfig({
    requestTimeoutMs: 300,
    retries: 1,
    channels: fleet.channels.map((c, i) => ({ id: `jzq-${i}`, host: '127.0.0.1', port: c.port, meters: c.meters })),
  });
  plan = new ReadingPlanService(
    store,
    clock,
    ZONE,
    config,
    new RegisterVeeService(store, clock, ZONE, resolveVeeConfig()),
  );
  const polls = [];
  for (let d = 0; d <= DAYS; d++) {
    clock.set(localToInstant(addDays(START, d), 60, ZONE));
    polls.push(await plan.pollNow());
  }
  clock.set(localToInstant(addDays(LAST, 1), 90, ZONE));
  await vee.runAll();

  const truth = readGroundTruth(truthFile);
  const open = await store.metering.exceptions.list({ status: 'open', from: START, to: LAST, limit: 2000, offset: 0 });
  assert.ok(open.total < 2000);
  const flagged = new Set(open.items.map((e) => `${e.meterId}/${e.date}`));
  const tcpIds = fleet.meters.map((m) => m.address);
  const mqttIds = sim.mqttMeters.map((m) => m.meterId);
  const tcpScore = scoreVeeDetection(truth.dlt645!.faults, flagged, tcpIds, START, LAST);
  const mqttScore = scoreVeeDetection(truth.faults, flagged, mqttIds, START, LAST);
  const all = scoreVeeDetection(
    [...truth.faults, ...truth.dlt645!.faults],
    flagged,
    [...tcpIds, ...mqttIds],
    START,
    LAST,
  );
  const reads = polls.reduce((s, p) => s + p.reads, 0);
  const pollMs = polls.reduce((s, p) => s + p.durationMs, 0);
  console.log(`fleet over DL/T 645 and MQTT: ${METERS} + ${METERS} meters × ${DAYS} days`);
  console.log(
    `  DL/T 645: ${polls.length} polls on ${PORTS} channels, ${reads} reads in ${pollMs} ms = ${Math.round((reads * 1000) / pollMs)} reads/s, ` +
      `${Math.round((polls.reduce((s, p) => s + p.meters, 0) * 1000) / pollMs)} meters/s (incl. storing and register VEE)`,
  );
  console.log(`  MQTT: ${sent.messages} messages stored in ${Math.round(mqttMs)} ms`);
  print('DL/T 645 path', tcpScore);
  print('MQTT path', mqttScore);
  print('both', all);
  assert.ok(polls.every((p) => p.meters === METERS));
  assert.ok(tcpScore.injected >= 5 && mqttScore.injected >= 5, 'enough faults to judge on each path');
  assert.ok(all.detection >= 0.9, `detection ${all.detection}`);
  assert.ok(all.falseAlarmRate <= 0.05, `false alarm rate ${all.falseAlarmRate}`);
  assert.ok(tcpScore.detection >= 0.8 && mqttScore.detection >= 0.8);
});
