import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import fc from 'fast-check';
import {
  lineVoltages,
  nemaUnbalance,
  symmetricalComponents,
  unbalanceFromLineMagnitudes,
  type Phasor,
} from './unbalance.ts';

interface Case {
  name: string;
  positive: [number, number];
  negative: [number, number];
  zero: [number, number];
  u2: number;
  u0: number;
}
const fixture = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/pq/unbalance-cases.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

const polar = ([mag, deg]: [number, number]): Phasor => ({
  re: mag * Math.cos((deg * Math.PI) / 180),
  im: mag * Math.sin((deg * Math.PI) / 180),
});
const rotate = (p: Phasor, deg: number): Phasor =>
  polar([Math.hypot(p.re, p.im), (Math.atan2(p.im, p.re) * 180) / Math.PI + deg]);
const add = (...ps: Phasor[]): Phasor => ps.reduce((s, p) => ({ re: s.re + p.re, im: s.im + p.im }), { re: 0, im: 0 });

/** Phase voltages from sequence components: B lags A by 120° in the positive sequence. */
function phases(c: Pick<Case, 'positive' | 'negative' | 'zero'>): [Phasor, Phasor, Phasor] {
  const [p, n, z] = [polar(c.positive), polar(c.negative), polar(c.zero)];
  return [add(p, n, z), add(rotate(p, -120), rotate(n, 120), z), add(rotate(p, 120), rotate(n, -120), z)];
}

for (const c of fixture.cases) {
  test(`unbalance: ${c.name} — phasors and line magnitudes agree`, () => {
    const [a, b, cc] = phases(c);
    const s = symmetricalComponents(a, b, cc);
    assert.ok(Math.abs(s.u2 - c.u2) < 1e-12, `u2 ${s.u2}`);
    assert.ok(Math.abs(s.u0 - c.u0) < 1e-12, `u0 ${s.u0}`);
    const lines = lineVoltages(a, b, cc).map((p) => Math.hypot(p.re, p.im));
    const fromMagnitudes = unbalanceFromLineMagnitudes(lines[0], lines[1], lines[2]);
    assert.ok(Math.abs(fromMagnitudes - c.u2) < 1e-6, `β formula ${fromMagnitudes}`);
  });
}

test('unbalance: β formula equals the phasor method for any sequence mix (property)', () => {
  fc.assert(
    fc.property(
      fc.double({ min: 0, max: 0.3, noNaN: true }),
      fc.double({ min: -180, max: 180, noNaN: true }),
      fc.double({ min: 0, max: 0.3, noNaN: true }),
      (u2, angle, u0) => {
        const [a, b, c] = phases({ positive: [230, 0], negative: [230 * u2, angle], zero: [230 * u0, angle / 2] });
        const lines = lineVoltages(a, b, c).map((p) => Math.hypot(p.re, p.im));
        return (
          Math.abs(unbalanceFromLineMagnitudes(lines[0], lines[1], lines[2]) - symmetricalComponents(a, b, c).u2) < 1e-6
        );
      },
    ),
  );
});

test('unbalance: NEMA is the largest deviation from the average over the average', () => {
  assert.ok(Math.abs(nemaUnbalance([230, 230, 220]) - 20 / 3 / (680 / 3)) < 1e-12);
  assert.equal(nemaUnbalance([400, 400, 400]), 0);
});
