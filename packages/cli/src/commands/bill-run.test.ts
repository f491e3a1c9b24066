import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { copyFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import Database from 'better-sqlite3';
import { ManualClock } from '@meterflow/core';
import { openDatabase, Store } from '@meterflow/store';
import { seedDemoCity } from '@meterflow/server';

const ROOT = resolve(import.meta.dirname, '../../../..');
const BIN = join(ROOT, 'packages/cli/bin/meterflow.js');
const CYCLE = '2026-09';
const CUSTOMERS_PER_COUNTY = 3000;
const POLL_MS = 5;
const dir = mkdtempSync(join(tmpdir(), 'mf-bill-run-cli-'));
const children: ChildProcess[] = [];

const env = (db: string) => ({ ...process.env, DATABASE_URL: `sqlite:${db}` });
const billRun = (db: string, ...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'bill-run', '--cycle', CYCLE, '--no-progress', ...args], {
    cwd: ROOT,
    env: env(db),
    encoding: 'utf8',
  });
const bills = (db: string) => {
  const s = new Database(db, { readonly: true });
  try {
    return s.prepare('SELECT id, total_fen, status, lines FROM bills WHERE cycle = ? ORDER BY id').all(CYCLE) as {
      id: string;
      total_fen: number;
      status: string;
      lines: string;
    }[];
  } finally {
    s.close();
  }
};

before(async () => {
  const handle = await openDatabase({ url: `sqlite:${join(dir, 'seed.db')}` });
  await seedDemoCity(Store.of(handle), new ManualClock('2026-11-20T02:00:00Z'), CUSTOMERS_PER_COUNTY);
  await handle.close();
  for (const name of ['clean.db', 'killed.db']) copyFileSync(join(dir, 'seed.db'), join(dir, name));
});
after(() => {
  for (const c of children) if (c.exitCode === null) c.kill('SIGKILL');
  rmSync(dir, { recursive: true, force: true });
});

test('bill-run: a run killed mid-way and run again leaves no bill twice and none missing; a rerun changes nothing', async () => {
  const clean = join(dir, 'clean.db');
  const first = billRun(clean, '--simulate');
  assert.equal(first.status, 0, first.stderr);
  const summary = JSON.parse(first.stdout) as { accounts: number; computed: number };
  const expected = bills(clean);
  assert.equal(expected.length, summary.accounts);

  const killed = join(dir, 'killed.db');
  const sim = billRun(killed, '--simulate', '--book', 'none-such');
  assert.notEqual(sim.status, 0, 'an unknown book is refused');
  const child = spawn(process.execPath, [BIN, 'bill-run', '--cycle', CYCLE, '--no-progress', '--simulate'], {
    cwd: ROOT,
    env: env(killed),
    stdio: 'ignore',
  });
  children.push(child);
  let atKill = 0;
  while (child.exitCode === null) {
    await new Promise((r) => setTimeout(r, POLL_MS));
    try {
      atKill = bills(killed).length;
    } catch {
      continue; // the child may hold the schema lock for a moment
    }
    if (atKill > 0) {
      child.kill('SIGKILL');
      break;
    }
  }
  await new Promise((r) => child.once('exit', r));
  assert.ok(atKill > 0 && atKill < expected.length, `killed after ${atKill} of ${expected.length} bills`);

  const resumed = billRun(killed);
  assert.equal(resumed.status, 0, resumed.stderr);
  assert.deepEqual(bills(killed), expected);

  const rerun = billRun(killed);
  assert.equal(rerun.status, 0, rerun.stderr);
  assert.deepEqual(bills(killed), expected);
});
