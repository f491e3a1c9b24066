import { writeFileSync } from 'node:fs';
import type { Command } from 'commander';
import mqtt from 'mqtt';
import { createFleet } from '@meterflow/simulator/profiles/index';
import { simulateFleetDays } from '@meterflow/simulator/faults/index';
import { publishFleetDays, SpeedClock } from '@meterflow/simulator/mqtt/index';
import { localToInstant } from '@meterflow/core';

/** Fleet size and days the command accepts (a million meter-days publishes in minutes, not hours). */
const METERS_MAX = 100_000;
const DAYS_MAX = 366;

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
    .description('a fleet of virtual meters (residential, commercial, industrial, agricultural) with faults, over MQTT')
    .option('--meters <n>', 'number of meters', '200')
    .option('--days <n>', 'days to simulate', '3')
    .option('--start <date>', 'first local day', '2026-11-01')
    .option('--seed <n>', 'seed: same seed, same fleet, load and faults', '1')
    .option('--mqtt <url>', 'broker (the demo’s embedded broker listens on 1884)', 'mqtt://127.0.0.1:1884')
    .option('--prefix <topic>', 'topic prefix', 'meterflow/v1')
    .option('--pace <pace>', 'fast (whole days at once) or clock (each slot when the clock passes its end)', 'fast')
    .option('--speed <x>', 'with --pace clock: times real time (1 = real time, 900 = a day in 96 s)', '1')
    .option('--truth <file>', 'write the injected faults (ground truth) as JSON here')
    .option('--zone <zone>', 'service zone', 'Asia/Shanghai')
    .action(async (opts: SimulateOpts) => {
      const size = whole('meters', opts.meters, 1, METERS_MAX);
      const days = whole('days', opts.days, 1, DAYS_MAX);
      const seed = whole('seed', opts.seed, 0, 2 ** 31 - 1);
      const speed = whole('speed', opts.speed, 1, 1_000_000);
      if (!/^\d{4}-\d{2}-\d{2}$/.test(opts.start)) throw new Error(`--start "${opts.start}" must be YYYY-MM-DD`);
      if (opts.pace !== 'fast' && opts.pace !== 'clock') throw new Error('--pace must be fast or clock');
      const meters = createFleet({ seed, size });
      const truth: unknown[] = [];
      const simulated = (function* () {
        for (const d of simulateFleetDays({ seed, meters, startDate: opts.start, days, zone: opts.zone })) {
          truth.push(...d.injected);
          yield d;
        }
      })();
      const client = await mqtt.connectAsync(opts.mqtt, { clientId: `meterflow-sim-${process.pid}` });
      try {
        const clock = new SpeedClock(localToInstant(opts.start, 0, opts.zone), speed, () => Date.now());
        const stats = await publishFleetDays(client, simulated, {
          pace: opts.pace,
          clock,
          prefix: opts.prefix,
          zone: opts.zone,
        });
        if (opts.truth)
          writeFileSync(
            opts.truth,
            JSON.stringify({ seed, start: opts.start, days, meters: size, faults: truth }, null, 1),
          );
        const classes: Record<string, number> = {};
        for (const m of meters) classes[m.customerClass] = (classes[m.customerClass] ?? 0) + 1;
        console.log(
          JSON.stringify({ meters: size, days, classes, ...stats, faults: truth.length, truth: opts.truth ?? null }),
        );
      } finally {
        await client.endAsync();
      }
    });
}
