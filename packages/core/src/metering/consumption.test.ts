import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { computeConsumption, computeExchangeConsumption, computeNetConsumption } from './consumption.ts';
import { DLT645_ENERGY_REGISTER, type RegisterKind, type RegisterSpec } from './register-spec.ts';
import { QUALITY, type QualityFlag } from './quality-flag.ts';

interface SingleCase {
  name: string;
  previous: number;
  current: number;
  multiplier: number;
  spec?: RegisterSpec;
  kind?: RegisterKind;
  previousQuality?: QualityFlag;
  currentQuality?: QualityFlag;
  expect: { ok: boolean; consumptionWh?: number; rolledOver?: boolean; quality?: number };
}
interface Part {
  first: number;
  last: number;
  multiplier: number;
}
const cases = JSON.parse(
  readFileSync(new URL('../../test/fixtures/metering/consumption-cases.json', import.meta.url), 'utf8'),
) as {
  single: SingleCase[];
  exchange: { name: string; old: Part; new: Part; expect: Record<string, number | boolean> }[];
  net: { name: string; forward: number; reverse: number; expect: number }[];
};
const read = (valueWh: number, quality: QualityFlag = QUALITY.ACTUAL) => ({ valueWh, quality });

for (const c of cases.single) {
  test(`consumption: ${c.name}`, () => {
    const r = computeConsumption({
      previous: read(c.previous, c.previousQuality),
      current: read(c.current, c.currentQuality),
      multiplier: c.multiplier,
      spec: c.spec ?? DLT645_ENERGY_REGISTER,
      kind: c.kind,
    });
    assert.equal(r.ok, c.expect.ok);
    if (r.ok) {
      assert.equal(r.consumptionWh, c.expect.consumptionWh);
      assert.equal(r.rolledOver, c.expect.rolledOver);
    } else assert.equal(r.reason, 'REGISTER_BACKWARDS');
    if (c.expect.quality !== undefined) assert.equal(r.quality, c.expect.quality);
  });
}

for (const c of cases.exchange) {
  test(`meter exchange: ${c.name}`, () => {
    const part = (p: Part) => ({
      first: read(p.first),
      last: read(p.last),
      multiplier: p.multiplier,
      spec: DLT645_ENERGY_REGISTER,
    });
    const r = computeExchangeConsumption(part(c.old), part(c.new));
    assert.equal(r.ok, c.expect.ok);
    if (r.ok) {
      assert.equal(r.oldPartWh, c.expect.oldPartWh);
      assert.equal(r.newPartWh, c.expect.newPartWh);
      assert.equal(r.consumptionWh, c.expect.consumptionWh);
    }
  });
}

for (const c of cases.net) {
  test(`net of forward and reverse: ${c.name}`, () => {
    const r = computeNetConsumption(
      { consumptionWh: c.forward, quality: QUALITY.ACTUAL },
      { consumptionWh: c.reverse, quality: QUALITY.ESTIMATED },
    );
    assert.equal(r.netWh, c.expect);
    assert.equal(r.quality, QUALITY.ESTIMATED);
  });
}

test('a multiplier that is not a positive integer is a programming error', () => {
  assert.throws(
    () => computeConsumption({ previous: read(0), current: read(1), multiplier: 0, spec: DLT645_ENERGY_REGISTER }),
    RangeError,
  );
});
