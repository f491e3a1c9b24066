/**
 * The composition root: opens the store, builds the app, listens, and closes everything on
 * SIGINT/SIGTERM. The CLI's `serve` and `demo` commands call this.
 */
import { openDatabase, Store, type DatabaseHandle } from '@meterflow/store';
import { systemClock, type Clock } from '@meterflow/core';
import type { Config } from './config.ts';
import { buildApp, type App } from './app.ts';
import { startMetering, type MeteringRuntime } from './metering/metering-runtime.ts';
import { startMonitoring } from './monitoring/monitoring-runtime.ts';

export interface RunningServer {
  app: App;
  handle: DatabaseHandle;
  url: string;
  metering: MeteringRuntime;
  close(): Promise<void>;
}

export interface StartOptions {
  config: Config;
  clock?: Clock;
  /** Runs after the database is open and before the server listens (e.g. seeding). */
  beforeListen?: (store: Store) => Promise<void>;
}

export async function startServer(options: StartOptions): Promise<RunningServer> {
  const { config } = options;
  const clock = options.clock ?? systemClock;
  const handle = await openDatabase({ url: config.databaseUrl });
  const store = Store.of(handle);
  if (options.beforeListen) await options.beforeListen(store);
  const app = await buildApp({ config, store, clock });
  const address = await app.fastify.listen({ host: config.host, port: config.port });
  const metering = await startMetering(app.services, config.host, app.fastify.log);
  const monitoring = await startMonitoring(app.services, metering.mqttUrl, app.fastify.log);
  const port = new URL(address).port;
  const url = `http://${config.host === '0.0.0.0' ? '127.0.0.1' : config.host}:${port}/`;
  let closing: Promise<void> | undefined;
  const close = () => {
    closing ??= (async () => {
      await monitoring.stop();
      await metering.stop();
      await app.fastify.close();
      await handle.close();
    })();
    return closing;
  };
  return { app, handle, url, metering, close };
}

/** Closes the server cleanly on the first SIGINT or SIGTERM. */
export function closeOnSignals(server: RunningServer): void {
  const stop = (signal: string) => {
    server.app.fastify.log.info({ signal }, 'shutting down');
    server.close().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGINT', () => stop('SIGINT'));
  process.once('SIGTERM', () => stop('SIGTERM'));
}
