import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { AppError } from '../errors/error-codes.ts';
import { computeLateFee, type ArrearsItem } from './late-fee.ts';
import { DEFAULT_LATE_FEE_RULES, type LateFeeRules } from './late-fee-rules.ts';

interface Case {
  name: string;
  residential: boolean;
  asOf: string;
  rules?: Partial<LateFeeRules>;
  items: ArrearsItem[];
  expect: { totalFen: number; minimumApplied: boolean; items: Record<string, unknown>[] };
}

const fixture = JSON.parse(
  readFileSync(new URL('../../test/fixtures/payments/late-fees.json', import.meta.url), 'utf8'),
) as { cases: Case[] };

for (const c of fixture.cases) {
  test(`late fee: ${c.name}`, () => {
    const r = computeLateFee({
      residential: c.residential,
      asOf: c.asOf,
      items: c.items,
      rules: { ...DEFAULT_LATE_FEE_RULES, ...c.rules },
    });
    assert.equal(r.totalFen, c.expect.totalFen);
    assert.equal(r.minimumApplied, c.expect.minimumApplied);
    c.expect.items.forEach((want, i) => {
      for (const [k, v] of Object.entries(want))
        assert.equal(r.items[i][k as keyof (typeof r.items)[number]], v, `${k} of item ${i}`);
    });
  });
}

test('late fee: every bad input is reported at once with its path', () => {
  try {
    computeLateFee({
      residential: true,
      asOf: '2024-13-01',
      items: [{ ref: 'B', amountFen: -1, dueDate: 'x' }],
      rules: { ...DEFAULT_LATE_FEE_RULES, minimumFen: 1.5 },
    });
    assert.fail('expected an error');
  } catch (e) {
    assert.ok(e instanceof AppError);
    assert.deepEqual(
      e.details.map((d) => d.path),
      ['/rules/minimumFen', '/asOf', '/items/0/amountFen', '/items/0/dueDate'],
    );
  }
});
