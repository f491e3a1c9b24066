import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { isAppError } from '../errors/error-codes.ts';
import { billToJson } from './bill-json.ts';
import { quoteBill } from './quote-bill.ts';

// Table-driven cases: expected values were worked out by hand (see each case's `why`).
const FIXTURES = new URL('../../test/fixtures/billing/', import.meta.url);
const TARIFFS = new URL('../../tariffs/', import.meta.url);

interface ExpectedLine {
  code: string;
  quantity?: string;
  amount: string;
  tariffVersion?: number;
}
interface Case {
  name: string;
  why: string;
  tariff: string | Record<string, unknown>;
  usage: Record<string, unknown>;
  expect: {
    lines?: ExpectedLine[];
    total?: string;
    net?: string;
    tax?: string;
    days?: number;
    estimated?: boolean;
    powerFactor?: string;
    error?: { code: string; paths: string[] };
  };
}

const loadTariff = (t: Case['tariff']): unknown =>
  typeof t === 'string' ? JSON.parse(readFileSync(new URL(t, TARIFFS), 'utf8')) : t;

function check(c: Case): void {
  const tariff = loadTariff(c.tariff);
  if (c.expect.error) {
    const err = (() => {
      try {
        quoteBill(tariff, c.usage);
      } catch (e) {
        return e;
      }
      return undefined;
    })();
    assert.ok(isAppError(err), `expected ${c.expect.error.code}, got ${String(err)}`);
    assert.equal(err.code, c.expect.error.code);
    assert.deepEqual([...new Set(err.details.map((d) => d.path))].sort(), [...c.expect.error.paths].sort());
    return;
  }
  const bill = billToJson(quoteBill(tariff, c.usage)) as Record<string, unknown> & { lines: Record<string, unknown>[] };
  const got = bill.lines.map((l, i) => {
    const want = c.expect.lines?.[i];
    const picked: Record<string, unknown> = { code: l.code, amount: l.amount };
    if (want?.quantity !== undefined) picked.quantity = l.quantity;
    if (want?.tariffVersion !== undefined) picked.tariffVersion = l.tariffVersion;
    return picked;
  });
  const want = (c.expect.lines ?? []).map((l) => ({ ...l }));
  assert.deepEqual(got.map(sortKeys), want.map(sortKeys));
  if (c.expect.total !== undefined) assert.equal(bill.total, c.expect.total);
  if (c.expect.net !== undefined) assert.equal(bill.net, c.expect.net);
  if (c.expect.tax !== undefined) assert.equal(bill.tax, c.expect.tax);
  if (c.expect.days !== undefined) assert.equal((bill.period as { days: number }).days, c.expect.days);
  if (c.expect.estimated !== undefined) assert.equal(bill.estimated, c.expect.estimated);
  if (c.expect.powerFactor !== undefined) assert.equal(bill.powerFactor, c.expect.powerFactor);
}

const sortKeys = (o: Record<string, unknown>): Record<string, unknown> =>
  Object.fromEntries(Object.entries(o).sort(([a], [b]) => a.localeCompare(b)));

const files = readdirSync(FIXTURES).filter((f) => f.endsWith('.json'));
test('billing fixture files exist', () => assert.ok(files.length >= 5));
for (const file of files) {
  const cases = JSON.parse(readFileSync(new URL(file, FIXTURES), 'utf8')) as Case[];
  for (const c of cases) {
    test(`${file}: ${c.name}`, () => {
      assert.ok(c.why.length > 0, 'every case explains its arithmetic');
      check(c);
    });
  }
}
