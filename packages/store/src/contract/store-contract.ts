/**
 * The one contract every store dialect must meet. Each dialect's test file calls `storeContract`
 * with a way to open a fresh, empty, migrated database; the same assertions then run on SQLite
 * and on PostgreSQL.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DatabaseHandle } from '../open-database.ts';
import { Store } from '../store.ts';
import type { Account, Customer, Meter, Org } from '../repositories/rows.ts';

const orgs: Org[] = [
  { id: 'o1', parentId: null, code: '62', name: '甘肃', nameEn: 'Gansu', level: 'province' },
  { id: 'o2', parentId: 'o1', code: '6205', name: '天水', nameEn: 'Tianshui', level: 'city' },
  { id: 'o3', parentId: 'o2', code: '620523', name: '甘谷县', nameEn: 'Gangu', level: 'county' },
  { id: 'o4', parentId: 'o2', code: '620522', name: '秦安县', nameEn: "Qin'an", level: 'county' },
];
const at = '2026-01-01T00:00:00.000Z';
const customers: Customer[] = [
  {
    id: 'g1',
    orgId: 'o2',
    type: 'group',
    name: '陇原集团',
    parentId: null,
    phone: '0938-1',
    address: 'A',
    createdAt: at,
  },
  {
    id: 'c1',
    orgId: 'o3',
    type: 'non_residential',
    name: '陇原甘谷分厂',
    parentId: 'g1',
    phone: '1',
    address: 'B',
    createdAt: at,
  },
  {
    id: 'c2',
    orgId: 'o4',
    type: 'residential',
    name: '王100%_芳',
    parentId: null,
    phone: '2',
    address: 'C',
    createdAt: at,
  },
];
const account = (id: string, customerId: string, orgId: string, no: string): Account => ({
  id,
  accountNo: no,
  customerId,
  orgId,
  readingBookId: null,
  paymentMode: 'postpaid',
  customerClass: 'industrial',
  voltageLevel: '10kV',
  contractedCapacityKva: 630,
  status: 'active',
  address: 'x',
  openedOn: '2020-01-01',
  closedOn: null,
});
const meter = (id: string, sp: string, address: string): Meter => ({
  id,
  servicePointId: sp,
  assetNo: `A${id}`,
  address,
  phases: 3,
  ctRatio: 100,
  ptRatio: 100,
  installedOn: '2020-01-01',
  removedOn: null,
});

export function storeContract(dialectName: string, open: () => Promise<DatabaseHandle>): void {
  describe(`store contract on ${dialectName}`, () => {
    let handle: DatabaseHandle;
    let store: Store;
    before(async () => {
      handle = await open();
      store = Store.of(handle);
      await store.orgs.insertMany(orgs);
      await store.customers.insertMany(customers);
      await store.accounts.insertMany([
        account('a1', 'c1', 'o3', '6201000001'),
        account('a2', 'c2', 'o4', '6201000002'),
      ]);
      await store.accounts.insertServicePoints([
        { id: 'sp1', accountId: 'a1', name: '主计量点' },
        { id: 'sp2', accountId: 'a2', name: '主计量点' },
      ]);
      await store.meters.insertMany([meter('m1', 'sp1', '000000000101'), meter('m2', 'sp2', '000000000102')]);
    });
    after(() => handle.close());

    test('organisation subtree', async () => {
      assert.deepEqual((await store.orgs.subtreeIds('o2')).sort(), ['o2', 'o3', 'o4']);
      assert.deepEqual(await store.orgs.subtreeIds('o3'), ['o3']);
      assert.deepEqual(await store.orgs.subtreeIds('nope'), []);
    });

    test('search by account number, meter address and name, within branches', async () => {
      const byNo = await store.customers.search('6201000001', undefined, 10);
      assert.deepEqual(
        byNo.map((h) => [h.customer.id, h.matchedBy]),
        [['c1', 'accountNo']],
      );
      const byMeter = await store.customers.search('000000000102', undefined, 10);
      assert.deepEqual(
        byMeter.map((h) => [h.customer.id, h.matchedBy]),
        [['c2', 'meterAddress']],
      );
      const byName = await store.customers.search('陇原', undefined, 10);
      assert.deepEqual(byName.map((h) => h.customer.id).sort(), ['c1', 'g1']);
      const scoped = await store.customers.search('陇原', ['o3'], 10);
      assert.deepEqual(
        scoped.map((h) => h.customer.id),
        ['c1'],
      );
      assert.deepEqual(await store.customers.search('6201000001', ['o4'], 10), []);
      // LIKE wildcards in the query are literal characters, not patterns.
      assert.deepEqual(
        (await store.customers.search('100%_', undefined, 10)).map((h) => h.customer.id),
        ['c2'],
      );
      assert.deepEqual(await store.customers.search('%芳', undefined, 10), []);
    });

    test('group subsidiaries', async () => {
      assert.deepEqual(
        (await store.customers.listByParent('g1')).map((c) => c.id),
        ['c1'],
      );
    });

    test('meter exchange keeps history', async () => {
      await store.transaction((tx) =>
        tx.meters.exchange('m1', '2026-03-15', {
          id: 'm1b',
          assetNo: 'Am1b',
          address: '000000000111',
          phases: 3,
          ctRatio: 200,
          ptRatio: 100,
        }),
      );
      const meters = await store.meters.listByServicePoints(['sp1']);
      assert.deepEqual(
        meters.map((m) => [m.id, m.installedOn, m.removedOn, m.ctRatio]),
        [
          ['m1', '2020-01-01', '2026-03-15', 100],
          ['m1b', '2026-03-15', null, 200],
        ],
      );
      await assert.rejects(
        store.meters.exchange('m1', '2026-04-01', {
          id: 'm1c',
          assetNo: 'x',
          address: 'y',
          phases: 3,
          ctRatio: 1,
          ptRatio: 1,
        }),
        /already removed/,
      );
    });

    test('a failed transaction leaves nothing behind', async () => {
      await assert.rejects(
        store.transaction(async (tx) => {
          await tx.accounts.insertMany([account('a9', 'c2', 'o4', '6201000009')]);
          throw new Error('boom');
        }),
        /boom/,
      );
      assert.equal(await store.accounts.get('a9'), undefined);
    });

    test('unique account numbers are enforced', async () => {
      await assert.rejects(store.accounts.insertMany([account('a10', 'c2', 'o4', '6201000001')]));
    });

    test('sessions expire', async () => {
      await store.users.insert({
        id: 'u1',
        username: 'u1',
        passwordHash: 'h',
        displayName: 'U',
        role: 'customer',
        customerId: 'c2',
        orgId: null,
        createdAt: at,
        disabled: false,
      });
      await store.users.createSession({ id: 's1', userId: 'u1', createdAt: at, expiresAt: '2026-01-01T08:00:00.000Z' });
      assert.ok(await store.users.findLiveSession('s1', '2026-01-01T07:59:59.999Z'));
      assert.equal(await store.users.findLiveSession('s1', '2026-01-01T08:00:00.000Z'), undefined);
      assert.equal(await store.users.deleteExpiredSessions('2026-01-02T00:00:00.000Z'), 1);
    });

    test('audit log is append-only', async () => {
      await store.audit.append({
        at,
        actorUserId: 'u1',
        action: 'update',
        entity: 'account',
        entityId: 'a1',
        detail: { x: 1 },
      });
      await store.audit.append({
        at,
        actorUserId: 'u1',
        action: 'update',
        entity: 'account',
        entityId: 'a1',
        detail: { x: 2 },
      });
      const entries = await store.audit.listFor('account', 'a1');
      assert.deepEqual(
        entries.map((e) => e.detail.x),
        [1, 2],
      );
      await assert.rejects(store.db.updateTable('audit_log').set({ action: 'forged' }).execute(), /append-only/);
      await assert.rejects(store.db.deleteFrom('audit_log').execute(), /append-only/);
    });

    test('tariff assignment effective dates', async () => {
      await store.accounts.insertTariffAssignments([
        { id: 't1', account_id: 'a2', tariff_code: 'RES-A', effective_from: '2020-01-01', effective_to: '2026-07-01' },
        { id: 't2', account_id: 'a2', tariff_code: 'RES-B', effective_from: '2026-07-01', effective_to: null },
      ]);
      assert.equal((await store.accounts.tariffOn('a2', '2026-06-30'))?.tariff_code, 'RES-A');
      assert.equal((await store.accounts.tariffOn('a2', '2026-07-01'))?.tariff_code, 'RES-B');
      assert.equal(await store.accounts.tariffOn('a2', '2019-12-31'), undefined);
    });

    test('large integers survive the round trip exactly', async () => {
      const big = 2 ** 52 + 1;
      await store.audit.append({
        at,
        actorUserId: null,
        action: 'x',
        entity: 'n',
        entityId: String(big),
        detail: { big },
      });
      const [e] = await store.audit.listFor('n', String(big));
      assert.equal(e.detail.big, big);
    });
  });
}
