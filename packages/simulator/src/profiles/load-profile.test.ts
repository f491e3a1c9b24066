import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createFleet, type VirtualMeter } from './virtual-meter.ts';
import { dayLoadWh } from './load-profile.ts';
import { DEFAULT_CLIMATE, hourlyTemperatureC } from './regional-weather.ts';
import { SeededRandom } from './seeded-random.ts';

const meter = (customerClass: VirtualMeter['customerClass'], scaleKw = 10): VirtualMeter => ({
  meterId: `T-${customerClass}`,
  customerClass,
  scaleKw,
  occupied: true,
  registerStartWh: 0,
});
const sum = (a: Int32Array, from = 0, to = a.length) => a.subarray(from, to).reduce((x, y) => x + y, 0);
const SEED = 7;

test('same seed, same fleet and load; another seed, another load', () => {
  assert.deepEqual(createFleet({ seed: 1, size: 50 }), createFleet({ seed: 1, size: 50 }));
  const m = meter('residential');
  assert.deepEqual(dayLoadWh(m, '2024-03-13', SEED), dayLoadWh(m, '2024-03-13', SEED));
  assert.notDeepEqual(dayLoadWh(m, '2024-03-13', SEED), dayLoadWh(m, '2024-03-13', SEED + 1));
  const r = new SeededRandom(3);
  const xs = Array.from({ length: 1000 }, () => r.next());
  assert.ok(xs.every((x) => x >= 0 && x < 1) && new Set(xs).size > 990);
});

test('daily shape: residential evening peak above the small hours', () => {
  const d = dayLoadWh(meter('residential'), '2024-03-13', SEED);
  assert.ok(sum(d, 72, 84) > 2 * sum(d, 8, 20)); // 18:00–21:00 vs 02:00–05:00
});

test('weekly shape: commercial weekdays above weekends', () => {
  const m = meter('commercial');
  assert.ok(sum(dayLoadWh(m, '2024-03-13', SEED)) > 1.5 * sum(dayLoadWh(m, '2024-03-16', SEED)));
});

test('seasonal shape: agriculture pumps in summer, idles in winter', () => {
  const m = meter('agricultural');
  assert.ok(sum(dayLoadWh(m, '2024-07-10', SEED)) > 5 * sum(dayLoadWh(m, '2024-01-10', SEED)));
  assert.ok(sum(dayLoadWh(m, '2024-01-10', SEED)) > 0, 'standby load keeps an occupied premise above zero');
});

test('temperature response: a hotter summer and a colder winter both raise residential use', () => {
  const m = meter('residential');
  const hot = { ...DEFAULT_CLIMATE, annualMeanC: DEFAULT_CLIMATE.annualMeanC + 8 };
  const cold = { ...DEFAULT_CLIMATE, annualMeanC: DEFAULT_CLIMATE.annualMeanC - 8 };
  assert.ok(
    Math.max(...hourlyTemperatureC('2024-07-16', SEED, hot)) > Math.max(...hourlyTemperatureC('2024-07-16', SEED)),
  );
  assert.ok(sum(dayLoadWh(m, '2024-07-16', SEED, hot)) > 1.1 * sum(dayLoadWh(m, '2024-07-16', SEED)));
  assert.ok(sum(dayLoadWh(m, '2024-01-16', SEED, cold)) > 1.05 * sum(dayLoadWh(m, '2024-01-16', SEED)));
});
