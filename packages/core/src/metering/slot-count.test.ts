import { test } from 'node:test';
import assert from 'node:assert/strict';
import { slotCountFor } from './slot-count.ts';

test('slot count follows the zone rules: 96 in Shanghai, 92 and 100 on European DST days', () => {
  assert.equal(slotCountFor('2024-03-31', 'Asia/Shanghai'), 96);
  assert.equal(slotCountFor('2024-10-27', 'Asia/Shanghai'), 96);
  assert.equal(slotCountFor('2024-03-31', 'Europe/Paris'), 92);
  assert.equal(slotCountFor('2024-10-27', 'Europe/Paris'), 100);
  assert.equal(slotCountFor('2024-06-01', 'Asia/Shanghai', 5), 288);
});
