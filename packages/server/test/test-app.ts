/** Builds an app on a fresh SQLite file with a small demo city, for API tests. */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@meterflow/core';
import { openDatabase, Store } from '@meterflow/store';
import { buildApp, type App } from '../src/app.ts';
import { loadConfig } from '../src/config.ts';
import { seedDemoCity } from '../src/demo/seed-demo-city.ts';
import { DEMO_PASSWORD } from '../src/demo/demo-city-plan.ts';

export interface TestApp {
  app: App;
  store: Store;
  clock: ManualClock;
  login(username: string, password?: string): Promise<string>;
  close(): Promise<void>;
}

export async function makeTestApp(env: Record<string, string> = {}): Promise<TestApp> {
  const dir = mkdtempSync(join(tmpdir(), 'mf-api-'));
  const handle = await openDatabase({ url: `sqlite:${join(dir, 'api.db')}` });
  const store = Store.of(handle);
  const clock = new ManualClock('2026-11-20T02:00:00Z');
  await seedDemoCity(store, clock, 30);
  const config = loadConfig({ ...env, MF_WEB_DIST: join(dir, 'no-web') });
  const app = await buildApp({ config, store, clock, logger: false });
  return {
    app,
    store,
    clock,
    async login(username, password = DEMO_PASSWORD) {
      const res = await app.fastify.inject({ method: 'POST', url: '/api/auth/login', payload: { username, password } });
      if (res.statusCode !== 200) throw new Error(`login ${username} failed: ${res.statusCode} ${res.body}`);
      const cookie = res.cookies.find((c) => c.name === 'mf_session');
      if (!cookie) throw new Error('no session cookie');
      return `mf_session=${cookie.value}`;
    },
    async close() {
      await app.fastify.close();
      await handle.close();
      rmSync(dir, { recursive: true, force: true });
    },
  };
}
