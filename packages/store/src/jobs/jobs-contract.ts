/** The job-lease contract, run on SQLite and PostgreSQL. */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';

const T0 = new Date('2026-03-18T00:00:00.000Z');
const sec = (n: number) => new Date(T0.getTime() + n * 1000);

export function jobsContract(name: string, open: () => Promise<DatabaseHandle>): void {
  describe(`job leases on ${name}`, () => {
    let handle: DatabaseHandle;
    let store: Store;
    before(async () => {
      handle = await open();
      store = Store.of(handle);
    });
    after(async () => handle.close());

    test('one holder at a time until the lease expires or is released', async () => {
      const leases = store.jobLeases;
      assert.equal(await leases.acquire('alarms.sweep', 'a', sec(0), 60_000), true);
      assert.equal(await leases.acquire('alarms.sweep', 'b', sec(30), 60_000), false);
      assert.equal(await leases.acquire('alarms.sweep', 'a', sec(30), 60_000), true); // renewal
      assert.equal(await leases.acquire('alarms.sweep', 'b', sec(91), 60_000), true); // a's lease expired
      await leases.release('alarms.sweep', 'b', sec(95), 'boom');
      const l = await leases.get('alarms.sweep');
      assert.deepEqual(
        [l?.holder, l?.lastError, l?.lastFinishedAt?.toISOString()],
        ['b', 'boom', sec(95).toISOString()],
      );
      assert.equal(await leases.acquire('alarms.sweep', 'a', sec(96), 60_000), true);
      assert.equal(await leases.acquire('other', 'b', sec(96), 60_000), true);
    });
  });
}
