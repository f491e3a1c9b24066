#!/usr/bin/env node
// Finds the test files of one suite and runs them with node's test runner (TypeScript through tsx).
// Suites are told apart by file name: *.pg.test.ts need PostgreSQL, *.mqtt.test.ts a real MQTT
// broker, *.e2e.test.ts Chromium; every other *.test.ts is a unit test that needs nothing.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';

const suites = {
  unit: (f) => f.endsWith('.test.ts') && !/\.(pg|mqtt|e2e)\.test\.ts$/.test(f),
  pg: (f) => f.endsWith('.pg.test.ts'),
  mqtt: (f) => f.endsWith('.mqtt.test.ts'),
  e2e: (f) => f.endsWith('.e2e.test.ts'),
};
const suite = process.argv[2] ?? 'unit';
const only = process.argv.slice(3);
if (!suites[suite]) {
  console.error(`unknown suite "${suite}"; expected one of: ${Object.keys(suites).join(', ')}`);
  process.exit(2);
}

function walk(dir, out) {
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) walk(path, out);
    else out.push(path);
  }
  return out;
}

const root = new URL('..', import.meta.url).pathname;
let files = walk(join(root, 'packages'), [])
  .filter(suites[suite])
  .map((f) => relative(root, f))
  .sort();
if (only.length) files = files.filter((f) => only.some((o) => f.includes(o)));
if (files.length === 0) {
  console.error(`no test files found for suite "${suite}"`);
  process.exit(1);
}
const concurrency = suite === 'unit' ? '2' : '1';
const result = spawnSync(
  process.execPath,
  ['--import', 'tsx', '--test', `--test-concurrency=${concurrency}`, ...files],
  { cwd: root, stdio: 'inherit', env: { ...process.env, MF_TEST_SUITE: suite } },
);
process.exit(result.status ?? 1);
