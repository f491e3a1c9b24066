import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const ROOT = new URL('../../../../', import.meta.url).pathname;
const BIN = join(ROOT, 'packages/cli/bin/meterflow.js');
const TARIFF = join(ROOT, 'packages/core/tariffs/gansu/residential-tiered.json');
const run = (...args: string[]) =>
  spawnSync(process.execPath, [BIN, 'tariff', ...args], { cwd: ROOT, encoding: 'utf8' });

test('tariff quote prints the bill of a fixture case as JSON', () => {
  // Case "first kWh of tier 3: 241 kWh" of test/fixtures/billing/residential-tiered.json.
  const fixture = JSON.parse(
    readFileSync(join(ROOT, 'packages/core/test/fixtures/billing/residential-tiered.json'), 'utf8'),
  )[3];
  const dir = mkdtempSync(join(tmpdir(), 'mf-tariff-'));
  const usage = join(dir, 'usage.json');
  writeFileSync(usage, JSON.stringify(fixture.usage));
  const r = run('quote', '--tariff', TARIFF, '--usage', usage);
  assert.equal(r.status, 0, r.stderr);
  const bill = JSON.parse(r.stdout);
  assert.equal(bill.total, fixture.expect.total);
  assert.deepEqual(
    bill.lines.map((l: { code: string; amount: string }) => [l.code, l.amount]),
    fixture.expect.lines.map((l: { code: string; amount: string }) => [l.code, l.amount]),
  );
});

test('tariff validate accepts a shipped tariff', () => {
  const r = run('validate', TARIFF);
  assert.equal(r.status, 0, r.stderr);
  assert.equal(JSON.parse(r.stdout).valid, true);
});

test('a broken tariff file gets every error at once on stderr', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-tariff-'));
  const bad = join(dir, 'bad.json');
  const doc = JSON.parse(readFileSync(TARIFF, 'utf8'));
  doc.versions[0].vatRatePercent = 'thirteen';
  doc.versions[0].components[0].tiers[1].upToKwh = '100';
  doc.versions[0].components[1].price = 0.51;
  writeFileSync(bad, JSON.stringify(doc));
  const usage = join(dir, 'usage.json');
  writeFileSync(usage, JSON.stringify({ period: { from: '2024-03-01', to: '2024-04-01' }, kwh: '10' }));
  for (const r of [run('validate', bad), run('quote', '--tariff', bad, '--usage', usage)]) {
    assert.notEqual(r.status, 0);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /TARIFF_INVALID/);
    for (const path of [
      '/versions/0/vatRatePercent',
      '/versions/0/components/0/tiers/1/upToKwh',
      '/versions/0/components/1/price',
    ]) {
      assert.ok(r.stderr.includes(path), `${path} missing from:\n${r.stderr}`);
    }
  }
});

test('a broken usage file and a non-JSON file are refused with their codes', () => {
  const dir = mkdtempSync(join(tmpdir(), 'mf-tariff-'));
  const usage = join(dir, 'usage.json');
  writeFileSync(usage, JSON.stringify({ period: { from: '2024-03-41', to: '2024-04-01' }, kwh: '-5', kvarh: 'x' }));
  const r = run('quote', '--tariff', TARIFF, '--usage', usage);
  assert.notEqual(r.status, 0);
  assert.match(r.stderr, /VALIDATION_FAILED/);
  const notJson = join(dir, 'not.json');
  writeFileSync(notJson, '{ nope');
  const r2 = run('validate', notJson);
  assert.notEqual(r2.status, 0);
  assert.match(r2.stderr, /TARIFF_INVALID.*not JSON/);
});
