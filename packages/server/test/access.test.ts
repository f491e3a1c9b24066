/**
 * Every attempt to reach another customer's account or another branch's data is refused. The
 * table lists who tries what; each row also has a permitted twin elsewhere in the file, so a
 * policy that refused everything would fail too.
 */
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { makeTestApp, type TestApp } from './test-app.ts';

let t: TestApp;
const cookies: Record<string, string> = {};
let ganguAccount: string, qinanAccount: string, qinanCustomer: string, ganguCustomer: string;
let subsidiaryAccount: string, qinanAccountNo: string;

before(async () => {
  t = await makeTestApp();
  for (const u of ['zhangwei', 'group.admin', 'clerk.gangu', 'clerk.qinan', 'admin', 'auditor'])
    cookies[u] = await t.login(u);
  const gg = await t.store.accounts.get('acc-620524-0010');
  const qa = await t.store.accounts.get('acc-620522-0010');
  assert.ok(gg && qa, 'demo accounts exist');
  ganguAccount = gg.id;
  ganguCustomer = gg.customerId;
  qinanAccount = qa.id;
  qinanAccountNo = qa.accountNo;
  qinanCustomer = qa.customerId;
  const subs = await t.store.accounts.listByCustomers(['cus-longyuan-1']);
  subsidiaryAccount = subs[0].id;
});
after(() => t.close());

async function get(user: string | null, url: string) {
  return t.app.fastify.inject({ method: 'GET', url, headers: user ? { cookie: cookies[user] } : {} });
}

describe('refused attempts', () => {
  const table: [string, string | null, () => string, number, string][] = [
    ['customer reads a stranger’s account', 'zhangwei', () => `/api/accounts/${ganguAccount}`, 404, 'NOT_FOUND'],
    [
      'customer reads a group subsidiary’s account',
      'zhangwei',
      () => `/api/accounts/${subsidiaryAccount}`,
      404,
      'NOT_FOUND',
    ],
    ['customer searches customers', 'zhangwei', () => '/api/customers?q=张', 403, 'FORBIDDEN'],
    [
      'customer opens a customer file, even their own',
      'zhangwei',
      () => '/api/customers/cus-zhangwei',
      403,
      'FORBIDDEN',
    ],
    ['customer reads the branch tree', 'zhangwei', () => '/api/orgs/tree', 403, 'FORBIDDEN'],
    ['customer reads a group view', 'zhangwei', () => '/api/group', 403, 'FORBIDDEN'],
    [
      'group admin reads a non-member’s account',
      'group.admin',
      () => '/api/accounts/acc-620524-0001',
      404,
      'NOT_FOUND',
    ],
    ['group admin searches customers', 'group.admin', () => '/api/customers?q=陇原', 403, 'FORBIDDEN'],
    ['Gangu clerk reads a Qin’an account', 'clerk.gangu', () => `/api/accounts/${qinanAccount}`, 404, 'NOT_FOUND'],
    ['Gangu clerk opens a Qin’an customer', 'clerk.gangu', () => `/api/customers/${qinanCustomer}`, 404, 'NOT_FOUND'],
    ['Qin’an clerk reads a Gangu account', 'clerk.qinan', () => `/api/accounts/${ganguAccount}`, 404, 'NOT_FOUND'],
    ['Qin’an clerk opens a Gangu customer', 'clerk.qinan', () => `/api/customers/${ganguCustomer}`, 404, 'NOT_FOUND'],
    [
      'Qin’an clerk opens the city-level group file',
      'clerk.qinan',
      () => '/api/customers/cus-longyuan',
      404,
      'NOT_FOUND',
    ],
    ['clerk lists customer accounts as if a customer', 'clerk.gangu', () => '/api/accounts', 403, 'FORBIDDEN'],
    ['anonymous lists accounts', null, () => '/api/accounts', 401, 'UNAUTHENTICATED'],
    ['anonymous reads an account', null, () => `/api/accounts/${ganguAccount}`, 401, 'UNAUTHENTICATED'],
    ['anonymous searches', null, () => '/api/customers?q=a', 401, 'UNAUTHENTICATED'],
    ['anonymous reads the tree', null, () => '/api/orgs/tree', 401, 'UNAUTHENTICATED'],
  ];
  for (const [name, user, url, status, code] of table) {
    test(name, async () => {
      const res = await get(user, url());
      assert.equal(res.statusCode, status, res.body);
      assert.equal(res.json().error.code, code);
    });
  }

  test('search never crosses a branch boundary', async () => {
    const res = await get('clerk.gangu', `/api/customers?q=${qinanAccountNo}`);
    assert.equal(res.statusCode, 200);
    assert.deepEqual(res.json().items, []);
    const mine = await get('clerk.qinan', `/api/customers?q=${qinanAccountNo}`);
    assert.deepEqual(
      mine.json().items.map((i: { id: string }) => i.id),
      [qinanCustomer],
    );
  });
});

describe('permitted access (the twins of the refusals)', () => {
  test('a customer sees exactly their own two accounts', async () => {
    const res = await get('zhangwei', '/api/accounts');
    assert.equal(res.statusCode, 200);
    const items = res.json().items as { customerId: string }[];
    assert.equal(items.length, 2);
    assert.ok(items.every((a) => a.customerId === 'cus-zhangwei'));
    const one = await get('zhangwei', `/api/accounts/${(res.json().items[0] as { id: string }).id}`);
    assert.equal(one.statusCode, 200);
    assert.ok(one.json().servicePoints[0].meters.length >= 1);
  });

  test('a group administrator sees the three subsidiaries and their accounts', async () => {
    const res = await get('group.admin', '/api/group');
    assert.equal(res.statusCode, 200);
    const subs = res.json().subsidiaries as { name: string; accounts: unknown[] }[];
    assert.equal(subs.length, 3);
    assert.ok(subs.every((s) => s.accounts.length >= 1));
    assert.equal((await get('group.admin', `/api/accounts/${subsidiaryAccount}`)).statusCode, 200);
  });

  test('staff reach their own branch; the city auditor and the administrator reach both counties', async () => {
    assert.equal((await get('clerk.gangu', `/api/accounts/${ganguAccount}`)).statusCode, 200);
    assert.equal((await get('clerk.qinan', `/api/customers/${qinanCustomer}`)).statusCode, 200);
    assert.equal((await get('auditor', `/api/accounts/${ganguAccount}`)).statusCode, 200);
    assert.equal((await get('auditor', `/api/accounts/${qinanAccount}`)).statusCode, 200);
    assert.equal((await get('admin', '/api/customers/cus-longyuan')).statusCode, 200);
    const tree = (await get('clerk.gangu', '/api/orgs/tree')).json().root;
    assert.equal(tree.id, 'org-gg');
    assert.equal(tree.children.length, 0);
    const all = (await get('admin', '/api/orgs/tree')).json().root;
    assert.equal(all.level, 'province');
    const perOrg = [...(await t.store.customers.countByOrg()).values()];
    assert.equal(
      all.customerCount,
      perOrg.reduce((a, b) => a + b, 0),
    );
  });

  test('a clerk finds customers by name, account number and meter address', async () => {
    const account = await t.store.accounts.get(ganguAccount);
    const [sp] = await t.store.accounts.listServicePoints([ganguAccount]);
    const [meter] = await t.store.meters.listByServicePoints([sp.id]);
    const customer = await t.store.customers.get(ganguCustomer);
    for (const [q, by] of [
      [account!.accountNo, 'accountNo'],
      [meter.address, 'meterAddress'],
      [customer!.name, 'name'],
    ]) {
      const res = await get('clerk.gangu', `/api/customers?q=${encodeURIComponent(q)}`);
      const hit = (res.json().items as { id: string; matchedBy: string }[]).find((i) => i.id === ganguCustomer);
      assert.ok(hit, `found by ${by}`);
      assert.equal(hit.matchedBy, by);
    }
  });
});

describe('sessions', () => {
  test('logout ends the session', async () => {
    const cookie = await t.login('zhangwei');
    const out = await t.app.fastify.inject({ method: 'POST', url: '/api/auth/logout', headers: { cookie } });
    assert.equal(out.statusCode, 204);
    const res = await t.app.fastify.inject({ method: 'GET', url: '/api/me', headers: { cookie } });
    assert.equal(res.statusCode, 401);
  });

  test('a session expires after its idle lifetime', async () => {
    const cookie = await t.login('zhangwei');
    assert.equal((await t.app.fastify.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode, 200);
    t.clock.advance(121 * 60_000);
    assert.equal((await t.app.fastify.inject({ method: 'GET', url: '/api/me', headers: { cookie } })).statusCode, 401);
  });

  test('a wrong password and an unknown user get the same answer', async () => {
    for (const payload of [
      { username: 'zhangwei', password: 'wrong-password' },
      { username: 'nobody-here', password: 'wrong-password' },
    ]) {
      const res = await t.app.fastify.inject({ method: 'POST', url: '/api/auth/login', payload });
      assert.equal(res.statusCode, 401);
      assert.equal(res.json().error.code, 'INVALID_CREDENTIALS');
    }
  });
});
