import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createEmptyBlock } from '@meterflow/core/metering/interval-block';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { compileTouSchedule } from '@meterflow/core/billing/tou-schedule';
import { intervalUsage } from './interval-usage.ts';

const schedule = compileTouSchedule({
  periods: [
    { code: 'peak', label: { zh: '峰', en: 'Peak' } },
    { code: 'valley', label: { zh: '谷', en: 'Valley' } },
  ],
  seasons: [
    {
      code: 'all',
      months: [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12],
      dayTypes: [
        {
          code: 'all',
          segments: [
            { from: '00:00', to: '08:00', period: 'valley' },
            { from: '08:00', to: '24:00', period: 'peak' },
          ],
        },
      ],
    },
  ],
} as never);

test('night intervals and TOU period energy come from actual values only, with the multiplier', () => {
  const b = createEmptyBlock({ meterId: 'M', channel: 1, date: '2026-03-02' }, { zone: 'Asia/Shanghai' });
  b.values.fill(10);
  b.quality.fill(QUALITY.ACTUAL);
  b.quality[4] = QUALITY.MISSING; // 01:00, a night slot
  const u = intervalUsage([b], 2, schedule);
  assert.equal(u.days, 1);
  assert.equal(u.nightWh.length, 15); // 01:00–05:00 is 16 slots, one missing
  assert.ok(u.nightWh.every((w) => w === 20));
  assert.equal(u.periodWh.get('peak'), 64 * 20);
  assert.equal(u.periodWh.get('valley'), 31 * 20);
});
