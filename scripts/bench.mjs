#!/usr/bin/env node
// Runs benchmarks: `npm run bench` runs all, `npm run bench -- NAME` runs one.
// Each benchmark lives in packages/*/bench/NAME.bench.ts and prints one JSON object per line
// (with a "name" field) followed by a readable table.
import { spawnSync } from 'node:child_process';
import { readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';

const root = new URL('..', import.meta.url).pathname;
const found = new Map();
for (const pkg of readdirSync(join(root, 'packages'))) {
  const dir = join(root, 'packages', pkg, 'bench');
  if (!existsSync(dir)) continue;
  for (const f of readdirSync(dir)) {
    const m = /^(.+)\.bench\.ts$/.exec(f);
    if (m) found.set(m[1], join(dir, f));
  }
}
const wanted = process.argv.slice(2);
const names = wanted.length ? wanted : [...found.keys()].sort();
for (const name of names) {
  if (!found.has(name)) {
    console.error(`unknown benchmark "${name}"; known: ${[...found.keys()].sort().join(', ') || 'none'}`);
    process.exit(2);
  }
}
let failed = 0;
for (const name of names) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', found.get(name)], { cwd: root, stdio: 'inherit' });
  if (r.status !== 0) failed++;
}
process.exit(failed ? 1 : 0);
