import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUALITY } from '../quality-flag.ts';
import { DLT645_ENERGY_REGISTER } from '../register-spec.ts';
import { runRegisterVee, type RegisterVeeDay } from './register-day-vee.ts';
import { resolveVeeConfig } from './vee-config.ts';

const config = resolveVeeConfig();
const read = (valueWh: number) => ({ valueWh, quality: QUALITY.ACTUAL });
const day = (over: Partial<RegisterVeeDay> = {}): RegisterVeeDay => ({
  meterId: '200000000001',
  date: '2024-05-08',
  register: { start: read(1_000_000), end: read(1_012_340), spec: DLT645_ENERGY_REGISTER, kind: 'forward' },
  earlierAdvancesWh: [11_000, 12_000],
  events: [],
  premiseOccupied: true,
  nowUtc: new Date('2024-05-09T01:00:00Z'),
  zone: 'Asia/Shanghai',
  ...over,
});
const rules = (d: RegisterVeeDay) => runRegisterVee(d, config).map((e) => e.ruleId);
const reg = (start: number, end: number) => ({
  start: read(start),
  end: read(end),
  spec: DLT645_ENERGY_REGISTER,
  kind: 'forward' as const,
});

test('a normal register day passes: no interval rule complains about the missing intervals', () => {
  assert.deepEqual(rules(day()), []);
});

test('a register running backwards, a drifted clock and an unread day are caught', () => {
  assert.deepEqual(rules(day({ register: reg(1_000_000, 990_000) })), ['register-backwards']);
  assert.deepEqual(rules(day({ clockOffsetSeconds: 900 })), ['clock-drift']);
  assert.deepEqual(rules(day({ register: undefined })), ['missing-intervals']);
  const failed = {
    meterId: '200000000001',
    kind: 'comm-failure' as const,
    atUtc: '2024-05-08T01:00:00Z',
    source: 'head-end' as const,
  };
  assert.deepEqual(rules(day({ events: [failed] })), ['missing-intervals']);
});

test('a register standing still for three days is caught, two days or a vacant premise are not', () => {
  assert.deepEqual(rules(day({ register: reg(5, 5), earlierAdvancesWh: [0, 0] })), ['zero-consumption']);
  assert.deepEqual(rules(day({ register: reg(5, 5), earlierAdvancesWh: [40, 0] })), []);
  assert.deepEqual(rules(day({ register: reg(5, 5), earlierAdvancesWh: [0] })), []);
  assert.deepEqual(rules(day({ register: reg(5, 5), earlierAdvancesWh: [0, 0], premiseOccupied: false })), []);
});

test('an outage (power-down and power-up events) is a real event, not an exception', () => {
  const at = (kind: 'power-down' | 'power-up', t: string) => ({
    meterId: '200000000001',
    kind,
    atUtc: t,
    source: 'meter' as const,
  });
  assert.deepEqual(
    rules(day({ events: [at('power-down', '2024-05-08T03:00:00Z'), at('power-up', '2024-05-08T05:00:00Z')] })),
    [],
  );
});
