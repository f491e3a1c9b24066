import { join, resolve } from 'node:path';
import type { Command } from 'commander';
import { systemClock } from '@meterflow/core';
import {
  DEMO_PASSWORD,
  billDemoFromReadings,
  closeOnSignals,
  loadConfig,
  seedDemoCity,
  startServer,
} from '@meterflow/server';
import { serverOverrides } from './serve.ts';
import { startDemoPaymentProvider } from './payment-provider.ts';
import { seedDemoReadings } from '../metering/seed-demo-readings.ts';

export function registerDemo(program: Command): void {
  program
    .command('demo')
    .description('create the embedded database, seed the demo city of Tianshui (Gansu) if empty, and serve it')
    .option('-p, --port <port>', 'port to listen on (default 8080; 0 picks a free one)')
    .option('--host <host>', 'address to listen on (default 127.0.0.1)')
    .option('--data-dir <dir>', 'folder of the embedded database', './data')
    .option('--customers-per-county <n>', 'customers seeded in each of the two counties', '1000')
    .action(async (opts: { port?: string; host?: string; dataDir: string; customersPerCounty: string }) => {
      const perCounty = Number(opts.customersPerCounty);
      if (!Number.isInteger(perCounty) || perCounty < 10 || perCounty > 200_000) {
        throw new Error(`--customers-per-county "${opts.customersPerCounty}" must be a whole number from 10 to 200000`);
      }
      const databaseUrl = `sqlite:${join(resolve(opts.dataDir), 'demo.db')}`;
      await startDemoPaymentProvider(process.env);
      const config = loadConfig(process.env, { databaseUrl, ...serverOverrides(opts) });
      let seededNow = false;
      const server = await startServer({
        config,
        beforeListen: async (store) => {
          const r = await seedDemoCity(store, systemClock, perCounty);
          seededNow = r.seeded;
          const readings = r.seeded ? await seedDemoReadings(store, systemClock, config.zone) : null;
          if (readings)
            console.log(
              `billed from the seeded reads: ${JSON.stringify(await billDemoFromReadings(store, systemClock, readings.from))}`,
            );
          if (r.seeded)
            console.log(`seeded the demo city: ${r.customers} customers, ${r.accounts} accounts, ${r.meters} meters`);
          if (readings)
            console.log(
              `seeded interval data ${readings.from} … ${readings.to}: ${readings.blocks} meter-days, ${readings.exceptions} VEE exceptions`,
            );
          else console.log('the demo city is already seeded; serving it as it is');
          console.log(`\ndemo logins (password for all: ${DEMO_PASSWORD})`);
          for (const u of r.users) console.log(`  ${u.username.padEnd(12)} ${u.role.padEnd(12)} ${u.displayName}`);
        },
      });
      closeOnSignals(server);
      console.log(`\nMeterFlow demo city is ready at ${server.url}${seededNow ? '' : ' (existing data)'}`);
      console.log(`API docs: ${server.url}docs   OpenAPI: ${server.url}openapi.json`);
    });
}
