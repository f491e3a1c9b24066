import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ManualClock } from '@meterflow/core';
import { openDatabase, Store } from '@meterflow/store';
import { seedDemoCity } from '@meterflow/server';

const ROOT = new URL('../../../../', import.meta.url).pathname;
const BIN = join(ROOT, 'packages/cli/bin/meterflow.js');
const T0 = '2026-11-20T02:00:00Z';
let dir: string;

function run(...args: string[]): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [BIN, 'alarms', ...args], { cwd: ROOT });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (d) => (stdout += d));
    child.stderr.on('data', (d) => (stderr += d));
    child.on('close', (status) => done({ status, stdout, stderr }));
  });
}

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-cli-alarms-'));
  const handle = await openDatabase({ url: `sqlite:${join(dir, 'demo.db')}` });
  await seedDemoCity(Store.of(handle), new ManualClock(T0), 20);
  await handle.close();
});
after(() => rmSync(dir, { recursive: true, force: true }));

test('alarms sweep prints what it raised, updated and resolved as JSON', async () => {
  const r = await run('sweep', '--data-dir', dir, '--at', '2026-11-20T02:15:00Z');
  assert.equal(r.status, 0, r.stderr);
  const s = JSON.parse(r.stdout);
  assert.equal(s.at, '2026-11-20T02:15:00.000Z');
  assert.equal(s.raised, 0); // the demo seeding swept already; the same causes are updated
  assert.ok(s.updated >= 4, String(s.updated));
  assert.ok(s.alarms.updated.some((a: { ruleId: string }) => a.ruleId === 'terminal-outage'));
  assert.equal(s.resolved, 0);
});

test('a bad instant is one clear line on stderr and a non-zero exit', async () => {
  const r = await run('sweep', '--data-dir', dir, '--at', 'yesterday');
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /--at "yesterday" is not an ISO instant/);
  assert.equal(r.stdout, '');
});
