import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { isAppError } from '../errors/error-codes.ts';
import { compileTariff } from './pricing-plan.ts';
import { TARIFF_SCHEMA } from './tariff-schema.ts';
import { validateTariff } from './validate-tariff.ts';

const CATALOGUE = new URL('../../tariffs/gansu/', import.meta.url);
const load = (name: string): Record<string, unknown> => JSON.parse(readFileSync(new URL(name, CATALOGUE), 'utf8'));

test('every shipped Gansu tariff is valid and marked as example data', () => {
  const files = readdirSync(CATALOGUE).filter((f) => f.endsWith('.json'));
  assert.ok(files.length >= 4);
  for (const f of files) {
    const doc = load(f);
    assert.deepEqual(validateTariff(doc), [], f);
    assert.equal(doc.notice, 'example data, not an official price table', f);
  }
});

test('docs/tariff.schema.json is the schema core exports', () => {
  const published = JSON.parse(readFileSync(new URL('../../../../docs/tariff.schema.json', import.meta.url), 'utf8'));
  assert.deepEqual(published, JSON.parse(JSON.stringify(TARIFF_SCHEMA)));
});

test('a broken tariff reports every problem at once, each with its path', () => {
  const doc = load('large-industry-two-part.json') as { versions: Record<string, unknown>[] };
  const v = doc.versions[0] as {
    timeOfUse: { seasons: { dayTypes: { segments: { from: string; to: string; period: string }[] }[] }[] };
    components: Record<string, unknown>[];
  };
  v.timeOfUse.seasons[0].dayTypes[0].segments[1].to = '09:00'; // overlaps 08:00-10:00
  v.components.push({
    kind: 'tieredEnergy',
    id: 'extra',
    cycle: 'weekly',
    basePrice: '0.5',
    tiers: [{ upToKwh: '240', adder: '0' }, { upToKwh: '160', adder: '0.05' }, { adder: '0.3' }],
  });
  v.components.push({ kind: 'mystery' });
  (v.components[0].prices as Record<string, string>).flat = '0.40801234';
  doc.versions.push({ ...doc.versions[0], version: 1, effectiveFrom: '2024-02-30' });
  const paths = validateTariff(doc).map((i) => i.path);
  for (const p of [
    '/versions/0/timeOfUse/seasons/0/dayTypes/0/segments/2',
    '/versions/0/components/4/cycle',
    '/versions/0/components/5',
    '/versions/0/components/0/prices/flat',
    '/versions/1/effectiveFrom',
    '/versions/1/version',
  ]) {
    assert.ok(paths.includes(p), `missing ${p} in ${JSON.stringify(paths)}`);
  }
});

test('semantic checks: tier order, TOU coverage and price list, pf table continuity, defaults', () => {
  const doc = load('large-industry-two-part.json') as {
    versions: {
      timeOfUse: { seasons: { months: number[]; dayTypes: { segments: unknown[] }[] }[] };
      components: Record<string, unknown>[];
    }[];
  };
  const v = doc.versions[0];
  v.timeOfUse.seasons[0].months = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11];
  v.timeOfUse.seasons[0].dayTypes[0].segments.pop(); // 23:00-24:00 uncovered
  delete (v.components[0].prices as Record<string, string>).valley;
  const pf = v.components[3] as {
    tables: Record<string, { penalties: { basePercent: string }[] }>;
    defaultStandard: string;
  };
  pf.tables['0.90'].penalties[1].basePercent = '9';
  pf.defaultStandard = '0.95';
  const basic = v.components[1] as { defaultMethod: string; methods: Record<string, unknown> };
  delete basic.methods.contractDemand;
  const issues = validateTariff(doc);
  const messages = issues.map((i) => `${i.path}: ${i.message}`).join('\n');
  for (const fragment of [
    'month 12 is in no season',
    'not covered from 23:00 to 24:00',
    'no price for period "valley"',
    'does not continue the previous band',
    'no table for the default standard 0.95',
    'no price for the default method "contractDemand"',
  ]) {
    assert.ok(messages.includes(fragment), `missing "${fragment}" in\n${messages}`);
  }
});

test('compileTariff throws TARIFF_INVALID with details', () => {
  try {
    compileTariff({ id: 'BAD ID', versions: [] });
    assert.fail('should throw');
  } catch (e) {
    assert.ok(isAppError(e));
    assert.equal(e.code, 'TARIFF_INVALID');
    assert.ok(e.details.length >= 3, JSON.stringify(e.details));
  }
});
