import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import mqtt from 'mqtt';
import { addDays, localToInstant } from '@meterflow/core';
import type { InjectedFault, SimulatedMeterDay } from '@meterflow/simulator/faults/index';
import { publishFleetDays, SpeedClock } from '@meterflow/simulator/mqtt/index';
import { serveFleetOverDlt645, type FleetServer } from '@meterflow/simulator/dlt645/index';
import { simulateBothFleets, writeGroundTruth } from '../metering/fleet-simulation.ts';

/** Fleet size and days the command accepts (a million meter-days publishes in minutes, not hours). */
const METERS_MAX = 100_000;
/** DL/T 645 meters are held in memory for the whole run. */
const DLT645_METERS_MAX = 20_000;
const DLT645_PORTS_MAX = 256;
const DAYS_MAX = 366;
/** How long after the last simulated day the meters keep answering, so its closing freeze can be read. */
const DLT645_TAIL_MINUTES = 180;
const WAIT_STEP_MS = 200;

interface SimulateOpts {
  meters: string;
  days: string;
  start: string;
  seed: string;
  mqtt: string;
  prefix: string;
  pace: 'fast' | 'clock';
  speed: string;
  truth?: string;
  zone: string;
  dlt645Meters: string;
  dlt645Ports: string;
  dlt645PortBase: string;
  dlt645Plan?: string;
}

function whole(name: string, raw: string, min: number, max: number): number {
  const n = Number(raw);
  if (!Number.isInteger(n) || n < min || n > max)
    throw new Error(`--${name} "${raw}" must be a whole number from ${min} to ${max}`);
  return n;
}

export function registerSimulate(program: Command): void {
  program
    .command('simulate')
    .description(
      'a fleet of virtual meters (residential, commercial, industrial, agricultural) with faults, over MQTT and DL/T 645 over TCP',
    )
    .option('--meters <n>', 'meters publishing over MQTT (0 = none)', '200')
    .option('--days <n>', 'days to simulate', '3')
    .option('--start <date>', 'first local day', '2026-11-01')
    .option('--seed <n>', 'seed: same seed, same fleet, load and faults', '1')
    .option('--mqtt <url>', 'broker (the demo’s embedded broker listens on 1884)', 'mqtt://127.0.0.1:1884')
    .option('--prefix <topic>', 'topic prefix', 'meterflow/v1')
    .option('--pace <pace>', 'fast (whole days at once) or clock (each slot when the clock passes its end)', 'fast')
    .option('--speed <x>', 'times real time for the simulated clock (1 = real time, 900 = a day in 96 s)', '1')
    .option('--truth <file>', 'write the injected faults (ground truth) of both paths as JSON here')
    .option('--zone <zone>', 'service zone', 'Asia/Shanghai')
    .option('--dlt645-meters <n>', 'meters served over DL/T 645 on TCP (0 = none)', '0')
    .option('--dlt645-ports <n>', 'TCP ports (concentrator channels) the DL/T 645 meters are spread over', '4')
    .option('--dlt645-port-base <port>', 'first port (then +1, +2 …); 0 = any free ports', '0')
    .option('--dlt645-plan <file>', 'write a reading plan for the server (METERING_POLL_PLAN) with the channels here')
    .action(async (opts: SimulateOpts) => {
      const size = whole('meters', opts.meters, 0, METERS_MAX);
      const tcpSize = whole('dlt645-meters', opts.dlt645Meters, 0, DLT645_METERS_MAX);
      const portCount = whole('dlt645-ports', opts.dlt645Ports, 1, DLT645_PORTS_MAX);
      const portBase = whole('dlt645-port-base', opts.dlt645PortBase, 0, 65535 - portCount);
      const days = whole('days', opts.days, 1, DAYS_MAX);
      const seed = whole('seed', opts.seed, 0, 2 ** 31 - 1);
      const speed = whole('speed', opts.speed, 1, 1_000_000);
      if (size + tcpSize === 0) throw new Error('--meters and --dlt645-meters are both 0: nothing to simulate');
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.start)) throw new Error(`--start "${opts.start}" must be YYYY-MM-DD`);
      if (opts.pace !== 'fast' && opts.pace !== 'clock') throw new Error('--pace must be fast or clock');
      const sim = simulateBothFleets({
        seed,
        start: opts.start,
        days,
        zone: opts.zone,
        mqttMeters: size,
        dlt645Meters: tcpSize,
      });
      const clock = new SpeedClock(localToInstant(opts.start, 0, opts.zone), speed, () => Date.now());
      let fleet: FleetServer | null = null;
      if (tcpSize) {
        const ports = Array.from({ length: portCount }, (_, i) => (portBase ? portBase + i : 0));
        fleet = await serveFleetOverDlt645({ days: sim.dlt645Days, ports, clock, zone: opts.zone });
        if (opts.dlt645Plan) writeFileSync(opts.dlt645Plan, JSON.stringify(readingPlanFor(fleet), null, 1));
        console.log(
          JSON.stringify({
            dlt645: { listening: fleet.channels.map((c) => ({ port: c.port, meters: c.meters.length })) },
          }),
        );
      }
      try {
        const mqttTruth: InjectedFault[] = [];
        const stats = size ? await publishMqtt(opts, sim.mqttDays, mqttTruth, clock) : { messages: 0, reads: 0 };
        if (fleet)
          await untilClockPasses(clock, localToInstant(addDays(opts.start, days), DLT645_TAIL_MINUTES, opts.zone));
        const tcpTruth = sim.dlt645Days.flatMap((d) => d.injected);
        if (opts.truth)
          writeGroundTruth(opts.truth, {
            seed,
            start: opts.start,
            days,
            zone: opts.zone,
            meters: size,
            faults: mqttTruth,
            dlt645: fleet ? { meters: tcpSize, channels: fleet.channels, faults: tcpTruth } : null,
          });
        const classes: Record<string, number> = {};
        for (const m of sim.mqttMeters) classes[m.customerClass] = (classes[m.customerClass] ?? 0) + 1;
        console.log(
          JSON.stringify({
            meters: size,
            days,
            classes,
            ...stats,
            faults: mqttTruth.length,
            dlt645: fleet
              ? { meters: tcpSize, ports: fleet.channels.length, faults: tcpTruth.length, ...fleet.simulator.stats }
              : null,
            truth: opts.truth ?? null,
          }),
        );
      } finally {
        await fleet?.stop();
      }
    });
}

async function publishMqtt(
  opts: SimulateOpts,
  days: Iterable<SimulatedMeterDay>,
  truth: InjectedFault[],
  clock: SpeedClock,
): Promise<{ messages: number; reads: number }> {
  const recorded = (function* () {
    for (const d of days) {
      truth.push(...d.injected);
      yield d;
    }
  })();
  const client = await mqtt.connectAsync(opts.mqtt, { clientId: `meterflow-sim-${process.pid}` });
  try {
    return await publishFleetDays(client, recorded, { pace: opts.pace, clock, prefix: opts.prefix, zone: opts.zone });
  } finally {
    await client.endAsync();
  }
}

/** The meters keep answering until the simulated clock has passed `end`. */
async function untilClockPasses(clock: SpeedClock, end: Date): Promise<void> {
  while (clock.now().getTime() < end.getTime())
    await new Promise((r) => setTimeout(r, Math.min(WAIT_STEP_MS, end.getTime() - clock.now().getTime())));
}

/** A reading plan document the server's METERING_POLL_PLAN accepts, one channel per port. */
function readingPlanFor(fleet: FleetServer): object {
  return {
    pollTimes: ['01:00'],
    channels: fleet.channels.map((c, i) => ({
      id: `sim-jzq-${i + 1}`,
      host: '127.0.0.1',
      port: c.port,
      meters: c.meters,
    })),
  };
}
