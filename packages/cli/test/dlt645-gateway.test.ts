// The master-station gateway (server) against simulated meters (simulator) over loopback TCP.
// It lives in packages/cli because the layer rule lets only cli import both server and simulator.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ManualClock } from '@meterflow/core';
import { ERROR_UNAUTHORISED } from '@meterflow/protocols/dlt645/index';
import {
  Dlt645Client,
  MeterConnection,
  MeterPoller,
  broadcastTimeSync,
  readClockDrift,
  sendRelayCommand,
} from '@meterflow/server/metering/gateway/index';
import type {
  ClockReading,
  DemandReading,
  EventReading,
  InstantReading,
  MeterReadingSink,
  ReadFailure,
  RegisterReading,
} from '@meterflow/server/metering/gateway/index';
import { ConstantPowerMeter, Dlt645Simulator } from '@meterflow/simulator/dlt645/index';

const METERS = 50;
const PORTS = 5;
const DRIFTED = '000000000007';
const SILENT = '000000000013';
const CORRUPT = '000000000030';
const RELAY = '000000000021';

class CollectingSink implements MeterReadingSink {
  registers: RegisterReading[] = [];
  demands: DemandReading[] = [];
  instants: InstantReading[] = [];
  events: EventReading[] = [];
  clocks: ClockReading[] = [];
  failures: ReadFailure[] = [];
  onRegister = (r: RegisterReading) => void this.registers.push(r);
  onDemand = (r: DemandReading) => void this.demands.push(r);
  onInstant = (r: InstantReading) => void this.instants.push(r);
  onEvent = (r: EventReading) => void this.events.push(r);
  onClock = (r: ClockReading) => void this.clocks.push(r);
  onFailure = (f: ReadFailure) => void this.failures.push(f);
}

test('gateway polls 50 simulated meters, finds the drifted clock and the silent meter, trips and closes one', async () => {
  const clock = new ManualClock('2024-05-01T04:00:00Z'); // 12:00 in Asia/Shanghai
  const meters = Array.from({ length: METERS }, (_, i) => {
    const address = String(i + 1).padStart(12, '0');
    return new ConstantPowerMeter({
      address,
      powerW: 1000 + i * 37,
      startEnergyWh: 1_000_000 + i * 12_345,
      startedAt: new Date('2024-04-28T16:00:00Z'),
      clockDriftSeconds: address === DRIFTED ? 300 : 0,
      powerDownCount: i,
      powerDowns: [{ start: '2024-04-30T22:15:00', end: '2024-04-30T22:40:05' }],
      credentials: { level: 2, password: '123456', operator: '00000000' },
    });
  });
  const sim = new Dlt645Simulator({
    clock,
    ports: Array.from({ length: PORTS }, (_, p) => ({ port: 0, meters: meters.filter((_, i) => i % PORTS === p) })),
    maxReplyDataBytes: 16, // forces follow-up frames for the tariff blocks
  });
  const ports = await sim.start();
  sim.setFault(SILENT, 'silent');
  sim.setFault(CORRUPT, 'bad-checksum');
  const clients = new Map(
    ports.map((port, p) => [
      `bus-${p}`,
      new Dlt645Client(new MeterConnection({ host: '127.0.0.1', port }), {
        timeoutMs: 300,
        retries: 1,
        backoffBaseMs: 20,
      }),
    ]),
  );
  const sink = new CollectingSink();
  try {
    const poller = new MeterPoller({ clients, sink, clock });
    const results = await poller.pollAll(meters.map((m, i) => ({ address: m.address, channel: `bus-${i % PORTS}` })));

    assert.deepEqual(
      results.filter((r) => r.unreachable).map((r) => r.address),
      [SILENT, CORRUPT],
    );
    assert.ok(sink.failures.every((f) => f.reason === 'timeout' && (f.address === SILENT || f.address === CORRUPT)));
    for (const m of meters.filter((x) => x.address !== SILENT && x.address !== CORRUPT)) {
      const mine = sink.registers.filter((r) => r.address === m.address && r.register === 'forward-active');
      const current = mine.filter((r) => !r.frozen);
      const expectWh = Math.floor(m.energyAtWh(clock.now()) / 10) * 10;
      assert.equal(current.find((r) => r.tariff === 0)?.energyWh, expectWh, m.address);
      assert.equal(current.length, 5, 'total and 4 tariffs (joined from follow-up frames)');
      assert.equal(
        current.filter((r) => r.tariff > 0).reduce((s, r) => s + r.energyWh, 0),
        expectWh,
      );
      const frozen = mine.find((r) => r.frozen && r.tariff === 0);
      assert.deepEqual(frozen?.frozen, { occurrence: 1, at: '2024-05-01T00:00' });
      assert.equal(frozen?.energyWh, Math.floor(m.energyAtWh(new Date('2024-04-30T16:00:00Z')) / 10) * 10);
      const clockReading = sink.clocks.find((c) => c.address === m.address);
      assert.equal(clockReading?.driftSeconds, m.address === DRIFTED ? 300 : 0);
      assert.equal(clockReading?.drifted, m.address === DRIFTED);
    }
    const volts = sink.instants.filter((r) => r.quantity === 'voltage');
    assert.equal(volts.length, 48 * 3);
    assert.ok(volts.every((v) => v.text === '220.0' && v.unit === 'V'));
    assert.equal(sink.events.filter((e) => e.kind === 'count' && e.event === 'power-down').length, 48);
    assert.ok(sink.events.some((e) => e.kind === 'record' && e.start === '2024-04-30T22:15:00'));
    assert.ok(sink.demands.some((d) => d.address === RELAY && d.text === '1.7400' && d.unit === 'kW'));

    // Broadcast time sync puts the drifted meter right.
    await broadcastTimeSync(clients.values(), clock);
    const after = await readClockDrift(clients.get('bus-1')!, DRIFTED, { clock });
    assert.equal(after.driftSeconds, 0);

    // Remote trip, then close, each confirmed; the simulated relay follows.
    const bus = clients.get(`bus-${(Number(RELAY) - 1) % PORTS}`)!;
    const creds = { level: 2, password: '123456', operator: '00000001' };
    const trip = await sendRelayCommand(bus, { address: RELAY, command: 'trip', credentials: creds }, clock);
    assert.equal(trip.status, 'confirmed');
    const relayMeter = meters.find((m) => m.address === RELAY)!;
    assert.equal(relayMeter.relayState(), 'open');
    const power = await bus.read(RELAY, '02030000');
    assert.equal(power.entries[0].fields[0].text, '0.0000');
    const close = await sendRelayCommand(bus, { address: RELAY, command: 'close-direct', credentials: creds }, clock);
    assert.equal(close.status, 'confirmed');
    assert.equal(relayMeter.relayState(), 'closed');

    // A wrong password is refused with an error reply, not retried into a success.
    const refused = await sendRelayCommand(
      bus,
      { address: RELAY, command: 'trip', credentials: { ...creds, password: '000000' } },
      clock,
    );
    assert.equal(refused.status, 'failed');
    assert.equal(refused.status === 'failed' && refused.errorWord, ERROR_UNAUTHORISED);
    assert.equal(relayMeter.relayState(), 'closed');

    // The silent meter's trip fails with a timeout after the retries.
    const lost = await sendRelayCommand(
      clients.get(`bus-${(Number(SILENT) - 1) % PORTS}`)!,
      { address: SILENT, command: 'trip', credentials: creds },
      clock,
    );
    assert.equal(lost.status === 'failed' && lost.reason, 'timeout');

    // A dropped concentrator connection is re-opened on the next request.
    sim.dropConnections();
    await new Promise((r) => setTimeout(r, 20));
    const again = await bus.read(RELAY, '02010100');
    assert.equal(again.entries[0].fields[0].text, '220.0');
    assert.ok(bus.connection.stats.connects >= 2);
    const corruptBus = clients.get(`bus-${(Number(CORRUPT) - 1) % PORTS}`)!;
    assert.ok(corruptBus.connection.stats.problems > 0, 'bad checksums were seen and reported');
  } finally {
    for (const c of clients.values()) c.connection.close();
    await sim.stop();
  }
});
