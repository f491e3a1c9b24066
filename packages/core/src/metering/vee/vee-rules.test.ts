import { test } from 'node:test';
import assert from 'node:assert/strict';
import { VEE_RULES } from './vee-rules.ts';
import type { VeeMeterDay, VeeRuleId } from './vee-rule.ts';
import { QUALITY } from '../quality-flag.ts';
import { DAY, flatBlock, history, meterDay, registers } from './vee-test-helpers.ts';

function fires(id: VeeRuleId, day: VeeMeterDay): number {
  const rule = VEE_RULES[id];
  return rule.check(day, rule.defaults).length;
}

function withSlots(edit: (values: Int32Array, quality: Uint8Array) => void) {
  const b = flatBlock();
  edit(b.values, b.quality);
  return b;
}

const cases: { id: VeeRuleId; fires: VeeMeterDay; quiet: VeeMeterDay }[] = [
  {
    id: 'missing-intervals',
    fires: meterDay({ block: withSlots((_, q) => q.fill(QUALITY.MISSING, 10, 14)) }),
    quiet: meterDay(),
  },
  {
    id: 'spike',
    fires: meterDay({ block: withSlots((v) => (v[40] = 5000)), register: undefined }),
    quiet: meterDay({ block: withSlots((v) => (v[40] = 350)), register: undefined }),
  },
  {
    id: 'negative-consumption',
    fires: meterDay({ block: withSlots((v) => (v[7] = -40)) }),
    quiet: meterDay({ block: withSlots((v) => (v[7] = 0)) }),
  },
  {
    id: 'register-backwards',
    fires: meterDay({ register: registers(1_000_000, 990_000) }),
    quiet: meterDay({ register: registers(999_999_000, 8_600) }), // a rollover
  },
  {
    id: 'zero-consumption',
    fires: meterDay({ block: flatBlock(DAY, 0), history: history(5, 0), register: registers(5, 5) }),
    quiet: meterDay({
      block: flatBlock(DAY, 0),
      history: history(5, 0),
      register: registers(5, 5),
      premiseOccupied: false,
    }),
  },
  {
    id: 'interval-register-mismatch',
    fires: meterDay({ register: registers(1_000_000, 1_000_000) }), // stuck register
    quiet: meterDay({ register: registers(1_000_000, 1_009_610) }), // within one register step
  },
  {
    id: 'clock-drift',
    fires: meterDay({ clockOffsetSeconds: -900 }),
    quiet: meterDay({ clockOffsetSeconds: 45 }),
  },
];

for (const c of cases) {
  test(`VEE rule ${c.id} fires on a bad day and stays quiet on a good one`, () => {
    assert.ok(fires(c.id, c.fires) > 0, 'should fire');
    assert.equal(fires(c.id, c.quiet), 0, 'should stay quiet');
  });
}

test('register-backwards accepts a recorded meter exchange', () => {
  const reg = {
    ...registers(5_000_000, 3_000),
    exchange: {
      oldLast: { valueWh: 5_006_000, quality: QUALITY.ACTUAL },
      newFirst: { valueWh: 0, quality: QUALITY.ACTUAL },
    },
  };
  assert.equal(fires('register-backwards', meterDay({ register: reg })), 0);
  assert.equal(fires('interval-register-mismatch', meterDay({ register: reg })), 1, '6000 + 3000 ≠ 9600');
});

test('clock-drift flags slots that hold values before they began, and clock-error events', () => {
  const now = new Date('2024-03-13T04:00:00Z'); // 12:00 local: slots 48.. have not begun
  const rule = VEE_RULES['clock-drift'];
  const [e] = rule.check(meterDay({ nowUtc: now }), rule.defaults);
  assert.equal(e.slots[0], 49);
  assert.equal(e.repair, 'flag');
  const ev = { meterId: 'M1', kind: 'clock-error' as const, atUtc: '2024-03-13T01:00:00Z', source: 'meter' as const };
  assert.equal(rule.check(meterDay({ events: [ev] }), rule.defaults).length, 1);
});

test('spike needs enough history before it judges', () => {
  assert.equal(fires('spike', meterDay({ block: withSlots((v) => (v[40] = 5000)), history: history(3) })), 0);
});
