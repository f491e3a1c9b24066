/**
 * The group month table's current month: until its bill is released, each subsidiary account shows
 * the energy metered so far (stored interval blocks × CT × PT), labelled so; once released, the bill.
 */
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from '@meterflow/core';
import { blockFrom, type IntervalBlock } from '@meterflow/core/metering/interval-block';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { postReceivable } from '../src/payments/post-receivable.ts';
import type { GroupMonthRow } from '../src/payments/group-table.service.ts';
import { makeTestApp, type TestApp } from './test-app.ts';

/** A subsidiary account of the demo group and its meter (CT 80 × PT 100). */
const ACCOUNT = 'acc-620524-0003';
const METER = '241000000003';
const MULTIPLIER = 80 * 100;
const SLOTS = 96;
/** Secondary-side Wh per slot. */
const SLOT_WH = 10;

let t: TestApp;
let cookie: string;
before(async () => {
  t = await makeTestApp(); // the clock stands at 2026-11-20 10:00 local
  cookie = await t.login('group.admin');
});
after(() => t.close());

const day = (date: string): IntervalBlock =>
  blockFrom(
    { meterId: METER, channel: 1, date },
    new Array<number>(SLOTS).fill(SLOT_WH),
    new Array<number>(SLOTS).fill(QUALITY.ACTUAL),
  );

const months = async (from: string, to: string) => {
  const res = await t.app.fastify.inject({
    method: 'GET',
    url: `/api/payments/group/months?from=${from}&to=${to}`,
    headers: { cookie },
  });
  assert.equal(res.statusCode, 200, res.body);
  return (res.json() as { items: GroupMonthRow[] }).items;
};

test('the current month shows the energy metered so far until its bill is released', async () => {
  // 1–19 November metered; 31 October must not count towards November.
  const blocks = [day('2026-10-31')];
  for (let d = '2026-11-01'; d <= '2026-11-19'; d = addDays(d, 1)) blocks.push(day(d));
  await t.store.metering.blocks.storeReads(blocks, '2026-11-20T01:00:00Z', 'test');

  const rows = await months('2026-10', '2026-11');
  const soFar = rows.filter((r) => r.soFar);
  assert.ok(soFar.length >= 2, 'every subsidiary account has a so-far row');
  assert.ok(soFar.every((r) => r.month === '2026-11' && r.asOf === '2026-11-20' && r.costFen === 0));
  const mine = soFar.find((r) => r.accountId === ACCOUNT)!;
  assert.equal(mine.energyWh, 19 * SLOTS * SLOT_WH * MULTIPLIER);
  assert.equal(mine.customerName, '陇原甘谷水泥有限公司');

  const csv = await t.app.fastify.inject({
    method: 'GET',
    url: '/api/payments/group/months.csv?from=2026-10&to=2026-11',
    headers: { cookie },
  });
  assert.match(csv.body, /^\uFEFFmonth,subsidiary,account_no,energy_kwh,cost_yuan,arrears_yuan,basis,as_of\n/);
  assert.match(csv.body, /\n2026-11,"陇原甘谷水泥有限公司",6205240003,145920\.000,,0\.00,so_far,2026-11-20\n/);

  // A month outside the range gets no so-far rows.
  assert.deepEqual(
    (await months('2026-01', '2026-10')).filter((r) => r.soFar),
    [],
  );
});

test("once the month's bill is released the account shows the bill, not the so-far figure", async () => {
  await postReceivable(
    t.store,
    {
      billId: 'B-GRP-2026-11',
      accountId: ACCOUNT,
      amountFen: 123_456,
      dueDate: '2026-12-20',
      month: '2026-11',
      energyWh: 150_000_000,
    },
    t.clock.now().toISOString(),
  );
  const rows = (await months('2026-11', '2026-11')).filter((r) => r.accountId === ACCOUNT);
  assert.deepEqual(
    rows.map((r) => [r.soFar, r.energyWh, r.costFen, r.arrearsFen]),
    [[false, 150_000_000, 123_456, 123_456]],
  );
  const others = (await months('2026-11', '2026-11')).filter((r) => r.accountId !== ACCOUNT);
  assert.ok(others.length >= 1 && others.every((r) => r.soFar));
});
