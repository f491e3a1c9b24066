import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isAppError } from '../errors/error-codes.ts';
import { parseUsage } from './usage-document.ts';

test('a usage document becomes integer determinants', () => {
  const d = parseUsage({
    period: { from: '2024-09-01', to: '2024-10-01' },
    kwh: { peak: '1.5', flat: 2 },
    maxDemandKw: '432.1',
    multiplier: 40,
  });
  assert.deepEqual(d.touWh, { peak: 1500, flat: 2000 });
  assert.equal(d.maxDemandW, 432_100);
  assert.equal(d.multiplier, 40);
});

test('a bad usage document lists schema and value problems together', () => {
  try {
    parseUsage({ period: { from: '2024-03-41', to: '2024-04-01' }, kwh: '-5', kvarh: 'x', bogus: 1, multiplier: 0 });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(isAppError(e));
    assert.equal(e.code, 'VALIDATION_FAILED');
    assert.deepEqual(e.details.map((d) => d.path).sort(), ['/', '/kvarh', '/kwh', '/multiplier', '/period/from']);
  }
  assert.throws(
    () => parseUsage({ kwh: [1] }),
    (e) => isAppError(e) && e.details.some((d) => d.message.includes('"period"')),
  );
});
