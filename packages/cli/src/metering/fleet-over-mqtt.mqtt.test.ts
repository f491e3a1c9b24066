/**
 * End to end over a real broker (Mosquitto at MQTT_TEST_URL, default 127.0.0.1:1883): 200 simulated
 * meters publish 3 days over MQTT, the adapter stores them, duplicates change nothing, and VEE's
 * queue is scored against the simulator's ground truth.
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
import { createFleet } from '@meterflow/simulator/profiles/index';
import { simulateFleetDays, scoreVeeDetection, type SimulatedMeterDay } from '@meterflow/simulator/faults/index';
import { dayReadsMessage, publishFleetDays } from '@meterflow/simulator/mqtt/index';

const URL = process.env.MQTT_TEST_URL ?? 'mqtt://127.0.0.1:1883';
const ZONE = 'Asia/Shanghai';
const SEED = 20260301;
const METERS = 200;
const START = '2024-05-01';
/** History stored before the broker run: the spike rule needs a week of the meter's own days. */
const WARM_UP_DAYS = 7;
const MQTT_DAYS = 3;
const prefix = `mftest/${process.pid}${Date.now().toString(36)}`;
const silent = { info() {}, warn() {}, error() {} };

let dir: string;
let handle: DatabaseHandle;
let store: Store;
let adapter: MqttIngestAdapter;
let publisher: MqttClient;
const clock = new ManualClock(`${START}T00:00:00Z`);

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-fleet-mqtt-'));
  handle = await openDatabase({ url: `sqlite:${join(dir, 'fleet.db')}`, sqliteSynchronous: 'NORMAL' });
  store = Store.of(handle);
  adapter = new MqttIngestAdapter(new IngestService(store, clock, ZONE), {
    url: URL,
    prefix,
    clientId: `mf-test-ingest-${process.pid}`,
    log: silent,
  });
  await adapter.start();
  publisher = await mqtt.connectAsync(URL, { clientId: `mf-test-sim-${process.pid}` });
});

after(async () => {
  await publisher?.endAsync();
  await adapter?.stop();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

async function settled(expected: number): Promise<void> {
  for (let i = 0; i < 600 && adapter.stats.stored + adapter.stats.rejected < expected; i++) {
    await new Promise((r) => setTimeout(r, 50));
  }
  await adapter.drain();
}

test('200 simulated meters over MQTT for 3 days: stored, duplicates harmless, VEE scored against ground truth', async () => {
  const meters = createFleet({ seed: SEED, size: METERS });
  const all = [...simulateFleetDays({ seed: SEED, meters, startDate: START, days: WARM_UP_DAYS + MQTT_DAYS })];
  const firstMqttDay = addDays(START, WARM_UP_DAYS);
  const lastDay = addDays(START, WARM_UP_DAYS + MQTT_DAYS - 1);
  const warmUp = all.filter((d) => d.block.date < firstMqttDay);
  const overMqtt = all.filter((d) => d.block.date >= firstMqttDay);

  const ingest = new IngestService(store, clock, ZONE);
  const vee = new VeeService(store, clock, ZONE, resolveVeeConfig());
  await ingest.storeBlocks(
    warmUp.map((d) => d.block),
    'warm-up',
  );
  for (const d of warmUp) await ingest.ingestMessage(d.meter.meterId, dayReadsMessage(d), 'simulator', 'warm-up');
  clock.set(localToInstant(firstMqttDay, 60, ZONE));
  await vee.runAll();

  const sent = await publishFleetDays(publisher, overMqtt, { pace: 'fast', prefix });
  await settled(sent.messages);
  assert.equal(adapter.stats.rejected, 0);
  assert.equal(adapter.stats.stored, sent.messages);
  const counts = await store.metering.blocks.counts();
  assert.equal(counts.blocks, METERS * (WARM_UP_DAYS + MQTT_DAYS));

  // QoS 1 may deliver twice: a second delivery of a whole day changes nothing.
  const again = await publishFleetDays(
    publisher,
    overMqtt.filter((d) => d.block.date === firstMqttDay),
    { pace: 'fast', prefix },
  );
  await settled(sent.messages + again.messages);
  assert.deepEqual(await store.metering.blocks.counts(), counts);

  clock.set(localToInstant(addDays(lastDay, 1), 60, ZONE));
  const run = await vee.runAll();
  // The MQTT days, and the last warm-up day again: its closing freeze arrived with the first MQTT day.
  assert.equal(run.checked, METERS * (MQTT_DAYS + 1));
  const found = await store.metering.exceptions.list({ from: firstMqttDay, to: lastDay, limit: 500, offset: 0 });
  assert.ok(found.total <= 500);
  const flagged = new Set(found.items.map((e) => `${e.meterId}/${e.date}`));
  const truth = all.flatMap((d: SimulatedMeterDay) => d.injected);
  const score = scoreVeeDetection(
    truth,
    flagged,
    meters.map((m) => m.meterId),
    firstMqttDay,
    lastDay,
  );
  console.log(`fleet over MQTT: ${METERS} meters × ${MQTT_DAYS} days, ${sent.messages} messages, ${sent.reads} reads`);
  for (const [kind, k] of Object.entries(score.byKind).sort())
    console.log(`  ${kind.padEnd(18)} caught ${k.caught}/${k.injected}`);
  console.log(
    `  caught ${score.caught}/${score.injected} = ${(100 * score.detection).toFixed(1)} %, ` +
      `false alarms ${score.falseAlarms}/${score.cleanDays} clean meter-days = ${(100 * score.falseAlarmRate).toFixed(2)} %`,
  );
  assert.ok(score.injected >= 5, `enough faults to judge (${score.injected})`);
  assert.ok(score.detection >= 0.8, `detection ${score.detection}`);
  assert.ok(score.falseAlarmRate <= 0.02, `false alarm rate ${score.falseAlarmRate}`);
});
