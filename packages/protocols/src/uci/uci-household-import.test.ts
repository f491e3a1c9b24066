import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { importUciHousehold } from './uci-household-import.ts';
import { QUALITY } from '@meterflow/core/metering/quality-flag';

const text = readFileSync(new URL('../../test/fixtures/uci/household-2007-02-01-head.txt', import.meta.url), 'utf8');

/** Exact minute energy of the fixture in W·min, straight from the kW column. */
function minuteWattMinutes(): number[] {
  return text
    .split('\n')
    .slice(1)
    .filter((l) => l.trim())
    .map((l) => Math.round(Number(l.split(';')[2].replaceAll('"', '')) * 1000));
}

test('15-minute values equal the minute energy sums, within the 1 Wh register step', () => {
  const r = importUciHousehold(text, { meterId: 'UCI-1', registerStartWh: 5_000_000 });
  assert.deepEqual(r.errors, []);
  assert.equal(r.minutesRead, 195);
  const [block] = r.blocks;
  assert.equal(block.date, '2007-02-01');
  const minutes = minuteWattMinutes();
  let exactWh = 0;
  for (let s = 0; s < 13; s++) {
    const slotWh = minutes.slice(s * 15, s * 15 + 15).reduce((a, b) => a + b, 0) / 60;
    exactWh += slotWh;
    assert.ok(Math.abs(block.values[s] - slotWh) < 1, `slot ${s}: ${block.values[s]} vs ${slotWh}`);
    assert.equal(block.quality[s], QUALITY.ACTUAL);
  }
  assert.equal(block.quality[13], QUALITY.MISSING);
  const sum = block.values.reduce((a, b) => a + b, 0);
  assert.equal(sum, Math.floor(exactWh + 1e-9), 'intervals add up to the register exactly');
  assert.equal(r.registers[0].endWh - r.registers[0].startWh, sum);
});

test('the reconstructed register never runs backwards', () => {
  const r = importUciHousehold(text, { meterId: 'UCI-1' });
  const reg = r.registers[0].slotEndWh;
  for (let i = 1; i < reg.length; i++) assert.ok(reg[i] >= reg[i - 1]);
});

test('"?" minutes make a slot SUSPECT, bad rows are reported by line, the original unquoted layout works', () => {
  const raw = [
    'Date;Time;Global_active_power;Global_reactive_power',
    ...Array.from(
      { length: 30 },
      (_, m) => `1/1/2007;00:${String(m).padStart(2, '0')}:00;${m === 3 ? '?' : '1.200'};0.1`,
    ),
    '1/1/2007;00:30:00;abc;0.1',
    '31/2/2007;00:31:00;1.0;0.1',
    '1/1/2007;00:05:00;1.0;0.1',
  ].join('\n');
  const r = importUciHousehold(raw, { meterId: 'X' });
  assert.equal(r.minutesMissing, 1);
  assert.deepEqual(
    r.errors.map((e) => e.line),
    [32, 33, 34],
  );
  const [b] = r.blocks;
  assert.equal(b.quality[0], QUALITY.SUSPECT);
  assert.equal(b.values[0], 14 * 20); // 14 minutes × 1.2 kW = 280 Wh
  assert.equal(b.quality[1], QUALITY.ACTUAL);
  assert.equal(b.values[1], 300);
});
