// Monitoring in the browser: staff see the PQ dashboard with dips drawn on the tolerance curves and
// the risk list; a customer sees their own weekly power-quality report and safety advice.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { startHarness, type Harness, PHONE } from './harness.ts';
import { logIn, maybeScreenshot } from './ui-helpers.ts';

let h: Harness;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('staff see the PQ dashboard: dips on the curve chart, one outside it, and the risk list with reasons', async () => {
  const page = await h.freshPage();
  await logIn(page, 'clerk.gangu');
  await page.getByTestId('nav-monitoring-pq').click();
  await page.getByTestId('pq-dashboard-page').waitFor();
  await page.locator('[data-testid="dip-curve-chart"][data-state="ready"] canvas').waitFor();
  const rows = page.getByTestId('pq-event-row');
  await rows.first().waitFor();
  assert.ok((await rows.count()) >= 2, 'demo dips are listed');
  assert.ok(
    (await page.locator('[data-testid="pq-event-row"][data-inside="false"]').count()) >= 1,
    'a dip is outside its curve',
  );
  await maybeScreenshot(page, 'console-pq-dashboard');

  await page.getByTestId('nav-monitoring-risk').click();
  await page.getByTestId('risk-list-page').waitFor();
  await page.getByTestId('risk-row').first().waitFor();
  const first = await page.getByTestId('risk-row').first().textContent();
  assert.ok(first && first.length > 10, 'a risk row with its reasons');
});

test('a customer sees last week’s PQ report with an explanation and safety advice, on a phone', async () => {
  const page = await h.freshPage();
  await page.setViewportSize(PHONE);
  await logIn(page, 'zhangwei');
  await page.getByTestId('nav-monitoring').click();
  await page.getByTestId('pq-report-page').waitFor();
  const explanation = await page.getByTestId('pq-explanation').textContent();
  assert.match(explanation ?? '', /电压暂降/);
  await page.locator('[data-testid="report-curve-chart"][data-state="ready"] canvas').waitFor();
  await page.getByTestId('safety-advice-item').first().waitFor();
  const level = await page.getByTestId('safety-level').getAttribute('data-level');
  assert.ok(['low', 'medium', 'high', 'critical'].includes(level ?? ''), `level ${level}`);
  await maybeScreenshot(page, 'portal-pq-report');
});
