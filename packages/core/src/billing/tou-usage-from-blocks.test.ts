import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import type { TariffDocument } from './tariff-document.ts';
import { compileTouSchedule } from './tou-schedule.ts';
import { touUsageFromBlocks } from './tou-usage-from-blocks.ts';

const doc = JSON.parse(
  readFileSync(new URL('../../tariffs/gansu/commerce-tou.json', import.meta.url), 'utf8'),
) as TariffDocument;
const schedule = compileTouSchedule(doc.versions[0].timeOfUse!);

test('15-minute slots add up into peak, flat and valley by the Gansu periods', () => {
  // 1 Wh in every slot: peak 06–08 + 18–23 = 7 h, valley 10–16 = 6 h, flat the other 11 h.
  const day = { date: '2026-11-01', slotMinutes: 15, values: new Array(96).fill(1) };
  const u = touUsageFromBlocks(schedule, [day, { ...day, date: '2026-11-02' }]);
  assert.deepEqual(u.touWh, { peak: 56, flat: 88, valley: 48 });
  assert.equal(u.activeWh, 192);
});

test('maximum demand is the largest 15-minute window in W, with its start', () => {
  const values = new Array(96).fill(100);
  values[77] = 2500; // 19:15–19:30
  const u = touUsageFromBlocks(schedule, [{ date: '2026-11-03', slotMinutes: 15, values }]);
  assert.equal(u.maxDemandW, 10_000);
  assert.deepEqual(u.maxDemandAt, { date: '2026-11-03', minute: 19 * 60 + 15 });
});

test('5-minute slots form aligned 15-minute demand windows', () => {
  const values = new Array(288).fill(0);
  values[3] = 300;
  values[4] = 300; // one window 00:15–00:30 holds 600 Wh → 2,400 W
  values[5] = 0;
  const u = touUsageFromBlocks(schedule, [{ date: '2026-11-03', slotMinutes: 5, values }]);
  assert.equal(u.maxDemandW, 2_400);
  assert.equal(u.touWh.flat, 600);
});

test('the periods always sum to the total (property)', () => {
  fc.assert(
    fc.property(fc.array(fc.integer({ min: 0, max: 100_000 }), { minLength: 96, maxLength: 96 }), (values) => {
      const u = touUsageFromBlocks(schedule, [{ date: '2026-07-15', slotMinutes: 15, values }]);
      assert.equal(u.touWh.peak + u.touWh.flat + u.touWh.valley, u.activeWh);
      assert.ok(u.maxDemandW <= Math.max(...values) * 4);
    }),
  );
});
