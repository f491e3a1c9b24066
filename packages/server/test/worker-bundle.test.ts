import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { copyFileSync, existsSync, rmSync, utimesSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { workerEntry, type WorkerEntry } from '../src/worker-bundle.ts';

const FIXTURE = new URL('./fixtures/bundled-worker.ts', import.meta.url);
const FALLBACK = new URL('./fixtures/no-such-fallback.mjs', import.meta.url);

test('a TypeScript worker is bundled into plain JavaScript that runs without any loader', async () => {
  const entry = await workerEntry(FIXTURE, FALLBACK);
  assert.equal(entry.bundled, true, entry.reason);
  assert.match(entry.url.pathname, /\.mjs$/);
  assert.ok(existsSync(fileURLToPath(entry.url)));
  assert.equal(await workerEntry(FIXTURE, FALLBACK), entry, 'looked up once per process');
  const w = new Worker(entry.url, { execArgv: [] });
  try {
    const reply = await new Promise<{ sum: number; fen: number; loaders: string[] }>((resolve, reject) => {
      w.once('message', resolve);
      w.once('error', reject);
      w.postMessage(41);
    });
    // The native addon (kept outside the bundle) and the workspace package (inside it) both work.
    assert.deepEqual(reply, { sum: 42, fen: 41, loaders: [] });
  } finally {
    await w.terminate();
  }
});

test('a later process reuses the bundle until an input changes', () => {
  // A copy of its own, so changing it disturbs no other test.
  const copy = new URL(`./fixtures/.bundled-worker-${process.pid}.ts`, import.meta.url);
  copyFileSync(FIXTURE, copy);
  const lookUp = (): WorkerEntry & { url: string } => {
    const r = spawnSync(
      process.execPath,
      [
        '--import',
        'tsx',
        '--input-type=module',
        '-e',
        `const { workerEntry } = await import(${JSON.stringify(new URL('../src/worker-bundle.ts', import.meta.url).href)});
         const e = await workerEntry(new URL(${JSON.stringify(copy.href)}), new URL(${JSON.stringify(FALLBACK.href)}));
         console.log(JSON.stringify({ ...e, url: e.url.href }));`,
      ],
      { encoding: 'utf8' },
    );
    assert.equal(r.status, 0, r.stderr);
    return JSON.parse(r.stdout) as WorkerEntry & { url: string };
  };
  try {
    const first = lookUp();
    assert.equal(first.bundled, true, first.reason);
    const second = lookUp();
    assert.deepEqual(second, { ...first, reused: true });
    const later = new Date(Date.now() + 2000);
    utimesSync(copy, later, later);
    const third = lookUp();
    assert.equal(third.bundled, true);
    assert.equal(third.reused, false, 'a changed input is bundled again');
  } finally {
    rmSync(copy, { force: true });
  }
});

test('what cannot be bundled runs from the fallback entry, and says why', async () => {
  const missing = new URL('./fixtures/no-such-worker.ts', import.meta.url);
  const entry = await workerEntry(missing, FALLBACK);
  assert.equal(entry.bundled, false);
  assert.equal(entry.url.href, FALLBACK.href);
  assert.match(entry.reason ?? '', /no-such-worker/);
});
