import assert from 'node:assert/strict';
import { appendFileSync, mkdtempSync, readdirSync, readlinkSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { FlushAhead } from './wal-flush-ahead.ts';

/** Open descriptors of this process on `path` (Linux). */
const openOn = (path: string): number =>
  readdirSync('/proc/self/fd').filter((fd) => {
    try {
      return readlinkSync(`/proc/self/fd/${fd}`) === path;
    } catch {
      return false;
    }
  }).length;

test('flushing ahead syncs a growing file in the background and lets it go when stopped', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-flush-ahead-'));
  const file = join(dir, 'log');
  try {
    // A file that does not exist yet is simply waited for.
    const ahead = new FlushAhead(file, 5);
    await sleep(20);
    assert.equal(openOn(file), 0);
    for (let i = 0; i < 20; i++) {
      appendFileSync(file, Buffer.alloc(64 * 1024, i));
      await sleep(5);
    }
    assert.equal(openOn(file), 1, 'the file is held open between syncs');
    ahead.stop();
    ahead.stop();
    await sleep(50);
    assert.equal(openOn(file), 0, 'stopping closes the file once the sync in flight is done');
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
