// The reading plan (server) polling a simulated fleet (simulator) over loopback TCP for three
// days, storing into SQLite, running register VEE and feeding the alarm sweep. In cli because only
// cli may import both server and simulator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addDays, localToInstant, ManualClock } from '@meterflow/core';
import { resolveVeeConfig } from '@meterflow/core/metering/vee/vee-config';
import { openDatabase, Store, type DatabaseHandle } from '@meterflow/store';
import { AccessPolicy } from '@meterflow/server/auth/access-policy';
import { AlarmsService } from '@meterflow/server/alarms/alarms.service';
import { parsePollPlanConfig } from '@meterflow/server/metering/polling/poll-plan-config';
import { ReadingPlanService } from '@meterflow/server/metering/polling/reading-plan.service';
import { RegisterVeeService } from '@meterflow/server/metering/polling/register-vee.service';
import { createFleet } from '@meterflow/simulator/profiles/index';
import { DLT645_FAULT_RATES, simulateFleetDays, type SimulatedMeterDay } from '@meterflow/simulator/faults/index';
import { serveFleetOverDlt645, type FleetServer } from '@meterflow/simulator/dlt645/index';

const ZONE = 'Asia/Shanghai';
const START = '2024-06-03';
const DAYS = 3;
const METERS = 40;
const PORTS = 4;

let dir: string;
let handle: DatabaseHandle;
let store: Store;
let fleet: FleetServer;
let days: SimulatedMeterDay[];
const clock = new ManualClock(localToInstant(START, 60, ZONE));

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-plan-'));
  handle = await openDatabase({ url: `sqlite:${join(dir, 'plan.db')}`, sqliteSynchronous: 'NORMAL' });
  store = Store.of(handle);
  const meters = createFleet({ seed: 7, size: METERS }).map((m, i) => ({ ...m, meterId: String(300_000_000_000 + i) }));
  // Rates high enough that 120 meter-days surely hold each fault this test looks for.
  const faultRates = {
    ...DLT645_FAULT_RATES,
    'backward-register': 0.04,
    'clock-drift': 0.04,
    'silent-meter': 0.04,
    outage: 0.05,
  };
  days = [...simulateFleetDays({ seed: 7, meters, startDate: START, days: DAYS, zone: ZONE, faultRates })];
  fleet = await serveFleetOverDlt645({ days, ports: Array(PORTS).fill(0), clock, zone: ZONE });
});

after(async () => {
  await fleet?.stop();
  await handle?.close();
  rmSync(dir, { recursive: true, force: true });
});

function planService(alarms?: AlarmsService): ReadingPlanService {
  const config = parsePollPlanConfig({
    requestTimeoutMs: 250,
    retries: 1,
    channels: fleet.channels.map((c, i) => ({
      id: `jzq-${i}`,
      host: '127.0.0.1',
      port: c.port,
      meters: c.meters,
      readingBookId: `rb-sim-${i % 2}`,
      branchId: 'org-sim',
    })),
  });
  const vee = new RegisterVeeService(store, clock, ZONE, resolveVeeConfig());
  return new ReadingPlanService(store, clock, ZONE, config, vee, alarms && ((o) => alarms.observe(o)));
}

test('three days of polls store freezes, registers, instants and events; register VEE catches the injected faults', async () => {
  const plan = planService();
  const truth = days.flatMap((d) => d.injected);
  try {
    for (let d = 0; d <= DAYS; d++) {
      clock.set(localToInstant(addDays(START, d), 60, ZONE));
      const s = await plan.pollNow();
      assert.equal(s.meters, METERS);
      if (d === 0)
        console.log(`poll of ${s.meters} meters on ${PORTS} channels: ${s.reads} reads in ${s.durationMs} ms`);
    }
  } finally {
    plan.close();
  }
  const someone = fleet.meters[5];
  const freezes = await store.metering.reads.dailyFreezes(
    someone.address,
    'forward-active',
    START,
    addDays(START, DAYS),
  );
  assert.deepEqual(
    freezes.map((f) => [f.date, f.valueWh]),
    Array.from({ length: DAYS + 1 }, (_, k) => [addDays(START, k), someone.freezeWh(addDays(START, k))]),
  );
  const volts = await store.metering.instants.latest([someone.address]);
  assert.ok(volts.some((v) => v.quantity === 'voltage' && v.phase === 'a' && v.unit === 'V' && v.decimals === 1));

  const found = await store.metering.exceptions.list({
    status: 'open',
    from: START,
    to: addDays(START, DAYS - 1),
    limit: 500,
    offset: 0,
  });
  const flagged = new Map<string, Set<string>>();
  for (const e of found.items)
    flagged.set(`${e.meterId}/${e.date}`, (flagged.get(`${e.meterId}/${e.date}`) ?? new Set()).add(e.ruleId));
  const expect: Record<string, string> = {
    'backward-register': 'register-backwards',
    'clock-drift': 'clock-drift',
    'silent-meter': 'missing-intervals',
  };
  for (const [kind, rule] of Object.entries(expect)) {
    const injected = truth.filter((f) => f.kind === kind);
    assert.ok(injected.length > 0, `${kind} was injected`);
    for (const f of injected)
      assert.ok(flagged.get(`${f.meterId}/${f.fromDate}`)?.has(rule), `${kind} ${f.meterId} ${f.fromDate}`);
  }
  const drifted = truth.find((f) => f.kind === 'clock-drift')!;
  const events = await store.metering.reads.events(
    drifted.meterId,
    localToInstant(drifted.fromDate, 0, ZONE).toISOString(),
    localToInstant(addDays(drifted.fromDate, 1), 0, ZONE).toISOString(),
  );
  assert.ok(
    events.some(
      (e) =>
        e.kind === 'clock-error' &&
        e.source === 'head-end' &&
        Number(e.detail?.offsetSeconds) === drifted.detail.offsetSeconds,
    ),
  );
  // Outages are real events: they arrive as power-down records and raise nothing on their own.
  const outage = truth.find((f) => f.kind === 'outage' && f.toDate < addDays(START, DAYS - 1))!;
  const outageEvents = await store.metering.reads.events(
    outage.meterId,
    localToInstant(outage.fromDate, 0, ZONE).toISOString(),
    localToInstant(addDays(outage.fromDate, 1), 0, ZONE).toISOString(),
  );
  assert.ok(outageEvents.some((e) => e.kind === 'power-down' && e.source === 'meter'));
  const clean = days.filter(
    (d) =>
      d.injected.length === 0 &&
      !truth.some(
        (f) => f.meterId === d.meter.meterId && f.fromDate <= d.block.date && f.toDate >= addDays(d.block.date, -1),
      ),
  );
  const falseAlarms = clean.filter((d) => flagged.has(`${d.meter.meterId}/${d.block.date}`));
  for (const d of falseAlarms)
    console.log(
      'false alarm',
      d.meter.meterId,
      d.block.date,
      found.items.filter((e) => e.meterId === d.meter.meterId && e.date === d.block.date).map((e) => e.detail),
    );
  assert.ok(falseAlarms.length <= clean.length * 0.05, `false alarms ${falseAlarms.length}/${clean.length}`);
});

test('a concentrator (one TCP channel) going silent yields one terminal alarm after a sweep, not one per meter', async () => {
  const alarms = new AlarmsService(store, new AccessPolicy(store), clock);
  const plan = planService(alarms);
  const dead = fleet.channels[2];
  try {
    clock.set(localToInstant(addDays(START, DAYS), 120, ZONE));
    await plan.pollNow();
    const first = await alarms.sweep();
    assert.equal(first.alarms.raised.filter((a) => a.kind === 'terminalOutage').length, 0);
    for (const m of dead.meters) fleet.simulator.setFault(m, 'silent');
    clock.set(localToInstant(addDays(START, DAYS), 180, ZONE));
    const s = await plan.pollNow();
    assert.ok(s.silent >= dead.meters.length);
    const swept = await alarms.sweep();
    const terminal = swept.alarms.raised.filter((a) => a.kind === 'terminalOutage');
    assert.deepEqual(
      terminal.map((a) => a.subjectId),
      ['jzq-2'],
    );
    assert.equal(
      swept.alarms.raised.filter((a) => a.kind === 'meterSilent' && dead.meters.includes(a.subjectId)).length,
      0,
    );
  } finally {
    for (const m of dead.meters) fleet.simulator.setFault(m, 'none');
    plan.close();
  }
});
