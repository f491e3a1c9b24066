import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { auditBill } from './audit-bill.ts';
import type { AuditInput } from './audit-input.ts';

const table = JSON.parse(
  readFileSync(new URL('../../../test/fixtures/billing-audit/audit-rules.json', import.meta.url), 'utf8'),
) as { base: AuditInput; cases: { name: string; bill: Record<string, unknown>; expect: string[] }[] };

for (const c of table.cases) {
  test(`audit: ${c.name}`, () => {
    const input = { ...table.base, ...c.bill } as Record<string, unknown>;
    for (const k of Object.keys(input)) if (input[k] === null) delete input[k];
    const verdict = auditBill(input as unknown as AuditInput);
    assert.deepEqual(
      verdict.reasons.map((r) => r.rule),
      c.expect,
    );
    assert.equal(verdict.pass, c.expect.length === 0);
  });
}

test('audit reasons carry the figures behind them', () => {
  const v = auditBill({ ...table.base, energyWh: 300_000 });
  const r = v.reasons.find((x) => x.rule === 'changeVsLastMonth');
  assert.deepEqual(r?.params, { percent: 114, referenceWh: 140_000, energyWh: 300_000 });
});
