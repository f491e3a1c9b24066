import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { test } from 'node:test';
import { Worker } from 'node:worker_threads';
import { workerEntry } from '../src/worker-bundle.ts';

const FIXTURE = new URL('./fixtures/bundled-worker.ts', import.meta.url);
const FALLBACK = new URL('./fixtures/no-such-fallback.mjs', import.meta.url);

test('a TypeScript worker is bundled once into plain JavaScript that runs without any loader', async () => {
  const entry = await workerEntry(FIXTURE, FALLBACK);
  assert.equal(entry.bundled, true, entry.reason);
  assert.match(entry.url.pathname, /\.mjs$/);
  assert.ok(existsSync(fileURLToPath(entry.url)));
  assert.equal(await workerEntry(FIXTURE, FALLBACK), entry, 'the same entry is bundled once per process');
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

test('what cannot be bundled runs from the fallback entry, and says why', async () => {
  const missing = new URL('./fixtures/no-such-worker.ts', import.meta.url);
  const entry = await workerEntry(missing, FALLBACK);
  assert.equal(entry.bundled, false);
  assert.equal(entry.url.href, FALLBACK.href);
  assert.match(entry.reason ?? '', /no-such-worker/);
});
