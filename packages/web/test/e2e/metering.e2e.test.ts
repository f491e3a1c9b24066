// Metering in the browser: a clerk works the VEE queue (edits a value with a reason) and sees the
// meter's chart with quality flags; the reading books show collection rates; a customer sees usage.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness } from './harness.ts';
import { logIn, maybeScreenshot } from './ui-helpers.ts';

const CLERK = 'clerk.gangu';
let h: Harness;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

interface BlockHistory {
  versions: { version: number; kind: string; reason: string; values: number[]; quality: number[] }[];
}

test('a clerk edits a VEE exception with a reason and sees the edited value flagged in the chart', async () => {
  const page = await h.freshPage();
  await logIn(page, CLERK);
  await page.getByTestId('nav-metering-vee').click();
  await page.getByTestId('vee-queue-page').waitFor();
  const item = page.locator('[data-testid="vee-item"][data-status="open"]').first();
  await item.waitFor();
  const chartLink = await item.getByTestId('vee-chart-link').getAttribute('href');
  assert.ok(chartLink, 'the exception links to its meter chart');
  const [, meterId, date] = /meters\/([^?]+)\?date=(\d{4}-\d{2}-\d{2})/.exec(chartLink) ?? [];
  await item.getByTestId('vee-edit').click();
  await item.getByTestId('vee-slot').fill('10');
  await item.getByTestId('vee-value').fill('321');
  await item.getByTestId('vee-reason').fill('ok');
  await item.getByTestId('vee-save').click();
  // A reason of two characters is refused by the server and the error is shown.
  await item.locator('.alert').first().waitFor();
  await item.getByTestId('vee-reason').fill('现场核实：表计更换');
  await item.getByTestId('vee-save').click();
  await page.locator(`[data-testid="vee-item"][data-status="edited"]`).first().waitFor();
  await maybeScreenshot(page, 'console-vee-queue');

  const get = await h.apiAs(CLERK);
  const hist = await get<BlockHistory>(`/api/metering/meters/${meterId}/blocks/${date}`);
  const last = hist.versions[hist.versions.length - 1];
  assert.equal(last.kind, 'edit');
  assert.equal(last.reason, '现场核实：表计更换');
  assert.equal(last.values[10], 321);
  assert.ok(hist.versions.length >= 2, 'the earlier version stays');

  await page.locator(`[data-testid="vee-item"][data-status="edited"]`).first().getByTestId('vee-chart-link').click();
  await page.getByTestId('meter-reads-page').waitFor();
  await page.locator('[data-testid="meter-chart"] canvas').waitFor();
  const edited = Number(await page.getByTestId('quality-edited').getAttribute('data-count'));
  const actual = Number(await page.getByTestId('quality-actual').getAttribute('data-count'));
  assert.ok(edited >= 1, `edited values are counted (${edited})`);
  assert.ok(actual > 0, `actual values are counted (${actual})`);
  await maybeScreenshot(page, 'console-meter-chart');
});

test('the reading books show a collection rate per day', async () => {
  const page = await h.freshPage();
  await logIn(page, CLERK);
  await page.getByTestId('nav-metering-books').click();
  await page.getByTestId('books-table').waitFor();
  const rates = await page.getByTestId('book-rate').allTextContents();
  assert.ok(rates.length > 0);
  assert.ok(
    rates.every((r) => /^\d+\.\d%$/.test(r)),
    rates.slice(0, 5).join(' '),
  );
  assert.ok(
    rates.some((r) => parseFloat(r) > 50),
    'most meters are collected',
  );
});

test('a customer sees the usage chart instead of the placeholder', async () => {
  const page = await h.freshPage();
  await logIn(page, 'zhangwei');
  await page.goto(`${h.baseUrl}#/accounts/acc-620524-0001`);
  await page.getByTestId('usage-daily-chart').waitFor();
  assert.equal(await page.getByTestId('no-usage').count(), 0);
  await maybeScreenshot(page, 'portal-usage');
});
