import { test } from 'node:test';
import assert from 'node:assert/strict';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { batchTopic, intervalTopic, parseMeterTopic, readsTopic } from './meter-topics.ts';
import { parseMeterReadingMessage } from './meter-reading-message.ts';

test('topics of the scheme round-trip; anything else is not ours', () => {
  assert.deepEqual(parseMeterTopic(intervalTopic('000012345678')), { kind: 'interval', meterId: '000012345678' });
  assert.deepEqual(parseMeterTopic(readsTopic('m-1', 'x/y'), 'x/y'), { kind: 'reads', meterId: 'm-1' });
  assert.deepEqual(parseMeterTopic(batchTopic()), { kind: 'batch' });
  for (const t of [
    'meterflow/v1/meters/a b/reads',
    'meterflow/v1/meters/x/other',
    'other/meters/x/reads',
    'meterflow/v1',
  ])
    assert.equal(parseMeterTopic(t), null, t);
});

test('a reading message becomes a partial block, registers, freezes and events', () => {
  const r = parseMeterReadingMessage(
    'm1',
    {
      intervals: [{ date: '2026-11-20', startSlot: 10, values: [5, null, 7], quality: 'AAE' }],
      registers: [{ at: '2026-11-20T01:00:00Z', wh: 100 }],
      freezes: [{ date: '2026-11-21', wh: 120 }],
      events: [{ kind: 'power-down', at: '2026-11-20T03:00:00Z' }],
    },
    'meter',
  );
  assert.deepEqual(r.issues, []);
  const b = r.blocks[0];
  assert.deepEqual(
    [b.values[10], b.quality[10], b.quality[11], b.values[12], b.quality[12]],
    [5, QUALITY.ACTUAL, QUALITY.MISSING, 7, QUALITY.ESTIMATED],
  );
  assert.equal(b.quality.filter((q) => q === QUALITY.MISSING).length, 94);
  assert.deepEqual(r.registers[0], {
    meterId: 'm1',
    register: 'forward-active',
    tariff: 0,
    readAtUtc: '2026-11-20T01:00:00.000Z',
    valueWh: 100,
  });
  assert.equal(r.freezes[0].date, '2026-11-21');
  assert.equal(r.events[0].source, 'meter');
});

test('every problem is reported with its path', () => {
  const r = parseMeterReadingMessage(
    'm1',
    {
      intervals: [{ date: '2026-11-20', startSlot: 95, values: [1, 2] }],
      freezes: [{ date: '2026-02-30', wh: -1 }],
      events: [{ kind: 'boom', at: '2026-11-20' }],
      extra: 1,
    },
    'meter',
  );
  assert.deepEqual(
    r.issues.map((i) => i.path),
    ['/extra', '/intervals/0/startSlot', '/freezes/0/date', '/freezes/0/wh', '/events/0/kind', '/events/0/at'],
  );
  assert.deepEqual([r.blocks.length, r.freezes.length, r.events.length], [0, 0, 0]);
});
