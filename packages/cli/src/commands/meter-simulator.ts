import type { Command } from 'commander';
import { systemClock } from '@meterflow/core';
import { ConstantPowerMeter, Dlt645Simulator } from '@meterflow/simulator/dlt645/index';

/** How often the relay states are looked at for the change lines on stdout. */
const RELAY_POLL_MS = 100;

export function registerMeterSimulator(program: Command): void {
  program
    .command('meter-simulator')
    .description(
      'simulated DL/T 645 meters on one TCP port (constant load); prints a JSON line whenever a relay trips or closes',
    )
    .requiredOption('--address <addresses>', 'comma-separated 12-digit meter addresses')
    .option('-p, --port <port>', 'port to listen on (0 picks a free one)', '0')
    .option('--power-w <w>', 'constant load of each meter while its relay is closed', '800')
    .action(async (opts: { address: string; port: string; powerW: string }) => {
      const addresses = opts.address.split(',').filter(Boolean);
      if (addresses.length === 0 || addresses.some((a) => !/^\d{12}$/.test(a)))
        throw new Error(`--address "${opts.address}" must be 12-digit addresses, comma separated`);
      const port = Number(opts.port);
      if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port "${opts.port}" must be 0–65535`);
      const now = systemClock.now();
      const meters = addresses.map(
        (address) =>
          new ConstantPowerMeter({ address, powerW: Number(opts.powerW), startEnergyWh: 1_000_000, startedAt: now }),
      );
      const sim = new Dlt645Simulator({ clock: systemClock, ports: [{ port, meters }] });
      const [bound] = await sim.start();
      console.log(JSON.stringify({ name: 'meter-simulator', port: bound, meters: addresses }));
      const last = new Map(meters.map((m) => [m.address, m.relayState()]));
      const timer = setInterval(() => {
        for (const m of meters) {
          const s = m.relayState();
          if (s !== last.get(m.address)) {
            last.set(m.address, s);
            console.log(JSON.stringify({ address: m.address, relay: s, at: new Date().toISOString() }));
          }
        }
      }, RELAY_POLL_MS);
      const stop = () => {
        clearInterval(timer);
        void sim.stop().then(() => process.exit(0));
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
}
