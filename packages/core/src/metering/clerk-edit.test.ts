import { test } from 'node:test';
import assert from 'node:assert/strict';
import { applyClerkEdit } from './clerk-edit.ts';
import { blockFrom } from './interval-block.ts';
import { QUALITY } from './quality-flag.ts';
import { latestVersion } from './block-revision.ts';
import { isAppError } from '../errors/error-codes.ts';

const block = blockFrom({ meterId: 'M1', channel: 1, date: '2024-03-01' }, new Array(96).fill(100));
const meta = { clerkId: 'u42', reason: 'customer photo of register', atUtc: '2024-03-02T02:00:00Z' };

test('an edit makes a new version with EDITED slots and an edit record; the original stays', () => {
  const r = applyClerkEdit(block, [{ slot: 3, value: 150 }], meta);
  assert.equal(r.block.version, 2);
  assert.equal(r.block.values[3], 150);
  assert.equal(r.block.quality[3], QUALITY.EDITED);
  assert.equal(block.values[3], 100);
  assert.deepEqual(r.records[0], {
    meterId: 'M1',
    channel: 1,
    date: '2024-03-01',
    slot: 3,
    version: 2,
    oldValue: 100,
    oldQuality: 0,
    newValue: 150,
    clerkId: 'u42',
    reason: meta.reason,
    atUtc: meta.atUtc,
  });
  assert.equal(r.revision.kind, 'edit');
  assert.equal(latestVersion([block, r.block]), r.block);
});

test('an edit without a reason or with bad slots reports every problem', () => {
  assert.throws(
    () =>
      applyClerkEdit(
        block,
        [
          { slot: 99, value: 1 },
          { slot: 1, value: 1.5 },
        ],
        { ...meta, reason: ' ' },
      ),
    (e) => isAppError(e) && e.details.length === 3,
  );
});
