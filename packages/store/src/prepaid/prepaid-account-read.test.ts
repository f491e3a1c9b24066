import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { openDatabase, type DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';

const T0 = new Date('2026-03-18T16:30:00.000Z');
let dir: string;
let handle: DatabaseHandle;
let store: Store;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'mf-prepaid-read-'));
  handle = await openDatabase({ url: `sqlite:${join(dir, 'p.db')}` });
  store = Store.of(handle);
  await store.prepaid.accounts.enrol([
    {
      accountId: 'A1',
      meterId: 'M1',
      meterAddress: '000000000001',
      tariffCode: 'res',
      multiplier: 1,
      periods: 1,
      lines: { warningFen: 2000, stopFen: 0, restoreFen: 0, stopImminentDays: 1 },
      creditAllowanceFen: 0,
      availableFen: 500,
      balanceSeq: 0,
      cycleMonth: '2026-03',
      at: T0.toISOString(),
    },
  ]);
});
after(async () => {
  await handle.close();
  rmSync(dir, { recursive: true, force: true });
});

const supplyOff = { supply: 'off', warned: 'stop_imminent' } as const;

test('a read by id on SQLite (a prepared statement) answers what Kysely answers', async () => {
  const viaKysely = await handle.db
    .selectFrom('prepaid_accounts')
    .selectAll()
    .where('account_id', '=', 'A1')
    .executeTakeFirstOrThrow();
  const a = (await store.prepaid.accounts.get('A1'))!;
  assert.equal(a.accountId, viaKysely.account_id);
  assert.equal(a.availableFen, Number(viaKysely.available_fen));
  assert.equal(a.control.supply, viaKysely.supply);
  assert.equal(await store.prepaid.accounts.get('nobody'), undefined);
});

test('while a transaction is open on the connection a read waits for it and never sees its rows uncommitted', async () => {
  const before = (await store.prepaid.accounts.get('A1'))!.control.supply;
  let readDuring: Promise<string | undefined> | undefined;
  let settledInside = false;
  await assert.rejects(
    store.transaction(async (tx) => {
      await tx.prepaid.accounts.saveControl('A1', supplyOff, null, T0);
      readDuring = store.prepaid.accounts.get('A1').then((a) => {
        settledInside = true;
        return a?.control.supply;
      });
      await new Promise((r) => setTimeout(r, 20));
      assert.equal(settledInside, false, 'the read waited for the transaction');
      throw new Error('roll back');
    }),
    /roll back/,
  );
  assert.equal(await readDuring, before, 'the rolled-back change was never seen');
});
