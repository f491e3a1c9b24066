import { test } from 'node:test';
import assert from 'node:assert/strict';
import { runVee } from './run-vee.ts';
import { resolveVeeConfig } from './vee-config.ts';
import { estimateGaps } from './estimate-gaps.ts';
import { DEFAULT_ESTIMATION } from './vee-config.ts';
import { QUALITY } from '../quality-flag.ts';
import { blockFrom } from '../interval-block.ts';
import { addDays } from '../../time/zone.ts';
import { DAY, flatBlock, meterDay, registers } from './vee-test-helpers.ts';
import { isAppError } from '../../errors/error-codes.ts';

const config = resolveVeeConfig();
const noProrate = { ...DEFAULT_ESTIMATION, prorateToRegister: false };

test('a short gap is interpolated linearly between its neighbours', () => {
  const b = blockFrom(
    { meterId: 'M1', channel: 1, date: DAY },
    Array.from({ length: 96 }, (_, i) => i * 10),
  );
  b.quality.fill(QUALITY.MISSING, 10, 13);
  const r = estimateGaps({ block: b, distrust: new Set(), history: [], registerDeltaWh: null }, noProrate);
  assert.deepEqual([...r.values.subarray(9, 14)], [90, 100, 110, 120, 130]);
  assert.deepEqual([...r.quality.subarray(10, 13)], [QUALITY.ESTIMATED, QUALITY.ESTIMATED, QUALITY.ESTIMATED]);
});

test('a long gap uses the same slots of same-day-type days: weekdays for a weekday', () => {
  const b = flatBlock(DAY, 100);
  b.quality.fill(QUALITY.MISSING, 20, 40);
  // Previous two weeks: weekdays 300 Wh, weekends 900 Wh.
  const hist = Array.from({ length: 14 }, (_, k) => {
    const date = addDays(DAY, -(k + 1));
    const wd = new Date(date + 'T00:00:00Z').getUTCDay();
    return flatBlock(date, wd === 0 || wd === 6 ? 900 : 300);
  });
  const r = estimateGaps({ block: b, distrust: new Set(), history: hist, registerDeltaWh: null }, noProrate);
  assert.equal(r.values[25], 300);
  assert.equal(r.quality[25], QUALITY.ESTIMATED);
  const sat = flatBlock('2024-03-16', 100);
  sat.quality.fill(QUALITY.MISSING, 20, 40);
  const r2 = estimateGaps({ block: sat, distrust: new Set(), history: hist, registerDeltaWh: null }, noProrate);
  assert.equal(r2.values[25], 900);
});

test('a gap with no neighbours and no history stays missing', () => {
  const b = flatBlock();
  b.quality.fill(QUALITY.MISSING, 0, 30);
  const r = estimateGaps({ block: b, distrust: new Set(), history: [], registerDeltaWh: null }, noProrate);
  assert.equal(r.quality[0], QUALITY.MISSING);
});

test('estimates are prorated so the day matches the register', () => {
  const b = flatBlock();
  b.quality.fill(QUALITY.MISSING, 20, 40);
  const hist = Array.from({ length: 14 }, (_, k) => flatBlock(addDays(DAY, -(k + 1)), 100));
  const r = estimateGaps(
    { block: b, distrust: new Set(), history: hist, registerDeltaWh: 9600 + 2000 },
    DEFAULT_ESTIMATION,
  );
  const sum = r.values.reduce((a, v) => a + v, 0);
  assert.equal(sum, 11600);
  assert.equal(r.values[0], 100, 'actual values are never changed');
});

test('runVee repairs a spike as a new version and lists exceptions for the queue', () => {
  const day = meterDay();
  day.block.values[40] = 4000;
  day.register = registers(1_000_000, 1_009_600);
  const r = runVee(day, config);
  assert.deepEqual(r.exceptions.map((e) => e.ruleId).sort(), ['interval-register-mismatch', 'spike']);
  assert.ok(r.repaired);
  assert.equal(r.repaired.version, 2);
  assert.equal(r.repaired.values[40], 100);
  assert.equal(r.repaired.quality[40], QUALITY.ESTIMATED);
  assert.equal(day.block.values[40], 4000, 'the original version stays');
  assert.deepEqual(r.revision?.slots, [40]);
});

test('runVee leaves a clean day alone', () => {
  const r = runVee(meterDay(), config);
  assert.deepEqual(r.exceptions, []);
  assert.equal(r.repaired, null);
});

test('VEE config is data: rules switch off, params override, mistakes are all reported', () => {
  const c = resolveVeeConfig({ rules: { spike: { enabled: false }, 'zero-consumption': { params: { days: 5 } } } });
  assert.ok(!c.rules.some((r) => r.rule.id === 'spike'));
  assert.equal(c.rules.find((r) => r.rule.id === 'zero-consumption')?.params.days, 5);
  assert.throws(
    () => resolveVeeConfig({ rules: { spike: { params: { factor: 'big' as never, nope: 1 } }, bogus: {} } as never }),
    (e) => isAppError(e) && e.details.length === 3,
  );
});
