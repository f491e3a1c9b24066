import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { isAppError } from '../../errors/error-codes.ts';
import { declaredVoltageFor, parseDeclaredVoltages } from './declared-voltage.ts';

const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/pq/declared-voltage-cases.json', import.meta.url), 'utf8'),
) as {
  cases: {
    level: string;
    measured: string;
    referenceV: number;
    phaseV: number | null;
    lineV: number | null;
    derived: boolean;
  }[];
  unreadable: string[];
};

for (const c of fixture.cases)
  test(`declared voltage of ${c.level}: ${c.measured} ${c.referenceV} V`, () => {
    const d = declaredVoltageFor(c.level);
    assert.ok(d);
    assert.deepEqual(
      { measured: d.measured, referenceV: d.referenceV, phaseV: d.phaseV, lineV: d.lineV, derived: d.derived },
      { measured: c.measured, referenceV: c.referenceV, phaseV: c.phaseV, lineV: c.lineV, derived: c.derived },
    );
  });

test('declared voltage: unreadable levels give null', () => {
  for (const level of fixture.unreadable) assert.equal(declaredVoltageFor(level), null, level);
});

test('declared voltage: an operator table replaces the shipped one, and a broken one lists every problem', () => {
  const table = parseDeclaredVoltages({ levels: { '0.4kV': { phaseV: 220, lineV: 380, measured: 'phase' } } });
  assert.equal(declaredVoltageFor('0.4kV', table)?.referenceV, 220);
  assert.deepEqual(declaredVoltageFor('0.4kV', table)?.meterPhases, ['a', 'b', 'c']);
  try {
    parseDeclaredVoltages({
      levels: { x: { phaseV: -1, measured: 'star' }, y: { lineV: null, measured: 'line', meterPhases: ['d'] } },
    });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(isAppError(e));
    assert.deepEqual(
      e.details.map((d) => d.path),
      ['/levels/x/phaseV', '/levels/x/measured', '/levels/y/lineV', '/levels/y/meterPhases'],
    );
  }
});
