import { test } from 'node:test';
import assert from 'node:assert/strict';
import { registerModulusWh, DLT645_ENERGY_REGISTER } from '@meterflow/core/metering/register-spec';
import type { AccountMeter, DailyFreezeRecord } from '@meterflow/store';
import { usageFromRegisters, type AccountReads } from './metered-usage.ts';

const FROM = '2026-10-05';
const TO = '2026-11-05';
const meter = (address: string, multiplier: number, removedOn: string | null = null): AccountMeter => ({
  accountId: 'acc-1',
  address,
  multiplier,
  installedOn: '2020-01-01',
  removedOn,
});
const freeze = (meterId: string, date: string, valueWh: number, quality = 0): DailyFreezeRecord => ({
  meterId,
  register: 'forward-active',
  tariff: 0,
  date,
  valueWh,
  quality,
  source: 'test',
});
const reads = (meters: AccountMeter[], freezes: DailyFreezeRecord[]): AccountReads => {
  const byMeter = new Map<string, DailyFreezeRecord[]>();
  for (const f of freezes) byMeter.set(f.meterId, [...(byMeter.get(f.meterId) ?? []), f]);
  return { days: [], meters, active: new Map(), reactive: new Map(), freezes: byMeter };
};

test('register difference across a rollover, secondary side with the meter multiplier', () => {
  const modulus = registerModulusWh(DLT645_ENERGY_REGISTER);
  const u = usageFromRegisters(
    reads([meter('m1', 30)], [freeze('m1', FROM, modulus - 2_000), freeze('m1', TO, 5_000)]),
    FROM,
    TO,
  );
  assert.ok(typeof u !== 'string');
  assert.equal(u.activeWh, 7_000);
  assert.equal(u.multiplier, 30);
  assert.equal(u.rollover, true);
  assert.equal(u.estimated, false);
});

test('a meter exchange to another CT adds both parts on the primary side', () => {
  const u = usageFromRegisters(
    reads(
      [meter('old', 20, '2026-10-20'), meter('new', 40)],
      [
        freeze('old', FROM, 100_000),
        freeze('old', '2026-10-20', 150_000),
        freeze('new', '2026-10-20', 0),
        freeze('new', TO, 30_000),
      ],
    ),
    FROM,
    TO,
  );
  assert.ok(typeof u !== 'string');
  assert.equal(u.activeWh, 50_000 * 20 + 30_000 * 40);
  assert.equal(u.multiplier, 1);
  assert.equal(u.exchange, true);
  assert.equal(u.multiplierChanged, true);
});

test('a freeze missing at the period end is an estimated read; a register running backwards is refused', () => {
  const late = usageFromRegisters(
    reads([meter('m1', 1)], [freeze('m1', FROM, 10), freeze('m1', '2026-11-03', 900)]),
    FROM,
    TO,
  );
  assert.ok(typeof late !== 'string' && late.estimated);
  const back = usageFromRegisters(
    reads([meter('m1', 1)], [freeze('m1', FROM, 5_000_000), freeze('m1', TO, 4_000_000)]),
    FROM,
    TO,
  );
  assert.equal(back, 'registerBackwards');
  assert.equal(usageFromRegisters(reads([meter('m1', 1)], []), FROM, TO), 'noReads');
});
