// Alarms in the browser, end to end: the dispatcher opens the live board; while it is open an
// administrator reports a safe-usage risk score through the observations API and a sweep raises
// a critical alarm, which appears on top of the board without a reload. The dispatcher opens it,
// acknowledges and resolves it with a root cause, and the API confirms each state. The alarm
// pages are then checked in English, at phone width, and read-only for an auditor.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { DEMO_PASSWORD, PHONE, startHarness, type Harness } from './harness.ts';
import { assertEnglish, fitsWidth, logIn, maybeScreenshot, switchToEnglish } from './ui-helpers.ts';

const DISPATCHER = 'dispatcher';
const METER = `m-e2e-risk-${process.pid}`;
/** A branch the dispatcher sees (a county branch of the demo city). */
const BRANCH = 'org-gg';
let h: Harness;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

interface Alarm {
  id: string;
  kind: string;
  subjectId: string;
  status: string;
  severity: string;
  acknowledgedBy: string | null;
  resolvedBy: string | null;
  rootCause: string | null;
}

/** Logs in over HTTP and returns a JSON caller with the session cookie. */
async function session(username: string) {
  const res = await fetch(new URL('/api/auth/login', h.baseUrl), {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ username, password: DEMO_PASSWORD }),
  });
  assert.equal(res.status, 200, `login ${username}`);
  const cookie = res.headers
    .getSetCookie()
    .map((c) => c.split(';')[0])
    .join('; ');
  return async <T>(method: 'GET' | 'POST', path: string, body?: unknown): Promise<T> => {
    const r = await fetch(new URL(path, h.baseUrl), {
      method,
      headers: { cookie, ...(body === undefined ? {} : { 'content-type': 'application/json' }) },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const text = await r.text();
    assert.ok(r.ok, `${method} ${path} as ${username}: ${r.status} ${text}`);
    return (text ? JSON.parse(text) : null) as T;
  };
}

test('a new alarm reaches the open board live; the dispatcher acknowledges and resolves it', async () => {
  const admin = await session('admin');
  const dispatcher = await session(DISPATCHER);
  const page = await h.freshPage();
  await logIn(page, DISPATCHER);
  await page.getByTestId('nav-alarms').click();
  await page.getByTestId('alarm-board-page').waitFor();
  await page.locator('[data-testid="alarm-stream"][data-state="live"]').waitFor();
  await page.getByTestId('alarm-count').waitFor();
  // Anything that reloads the page loses this mark.
  await page.evaluate(() => ((window as unknown as { boardMark: string }).boardMark = 'still here'));

  await admin('POST', '/api/alarms/observations', {
    kind: 'risk',
    subjectKind: 'meter',
    subjectId: METER,
    branchId: BRANCH,
    riskKind: 'safeUsage',
    score: 95,
    detail: 'browser test',
  });
  const swept = await dispatcher<{ alarms: { raised: { id: string; subjectId: string }[] } }>(
    'POST',
    '/api/alarms/sweep',
  );
  const found = await dispatcher<{ items: Alarm[] }>('GET', '/api/alarms?status=open&kind=usageRisk&limit=500');
  const alarm = found.items.find((a) => a.subjectId === METER);
  assert.ok(alarm, 'the sweep raised the risk alarm');
  assert.equal(alarm.severity, 'critical');
  // A scheduled sweep may have raised it a moment earlier; either way it is one alarm.
  assert.ok(swept.alarms.raised.every((a) => a.subjectId !== METER || a.id === alarm.id));

  const row = page.locator(`[data-testid="alarm-row"][data-id="${alarm.id}"]`);
  await row.waitFor();
  assert.equal(await row.getAttribute('data-fresh'), 'true', 'a new alarm is highlighted');
  assert.equal(await page.locator('[data-testid="alarm-row"]').first().getAttribute('data-id'), alarm.id);
  assert.equal(await page.evaluate(() => (window as unknown as { boardMark?: string }).boardMark), 'still here');
  await maybeScreenshot(page, 'console-alarm-board');

  await row.getByTestId('alarm-link').click();
  await page.getByTestId('alarm-detail-page').waitFor();
  const diagnosis = await page.getByTestId('alarm-diagnosis').textContent();
  assert.match(diagnosis ?? '', /[\u4e00-\u9fff]/, 'the diagnosis is shown in Chinese first');
  await page.getByTestId('ack-note').fill('已电话联系客户');
  await page.getByTestId('alarm-acknowledge').click();
  await page.getByTestId('alarm-acknowledged-by').waitFor();
  let stored = await dispatcher<{ alarm: Alarm }>('GET', `/api/alarms/${alarm.id}`);
  assert.equal(stored.alarm.acknowledgedBy, DISPATCHER);
  assert.equal(stored.alarm.status, 'open');

  await page.getByTestId('resolve-root-cause').selectOption('customerSide');
  await page.getByTestId('resolve-note').fill('现场检查，客户侧线路已整改');
  await page.getByTestId('resolve-submit').click();
  await page.locator('[data-testid="alarm-status"][data-status="resolved"]').waitFor();
  await page.locator('[data-testid="alarm-event"][data-action="manualResolve"]').waitFor();
  stored = await dispatcher<{ alarm: Alarm }>('GET', `/api/alarms/${alarm.id}`);
  assert.equal(stored.alarm.status, 'resolved');
  assert.equal(stored.alarm.resolvedBy, DISPATCHER);
  assert.equal(stored.alarm.rootCause, 'customerSide');

  await switchToEnglish(page);
  await assertEnglish(page, 'Resolved by hand');
  await page.getByTestId('alarm-back').click();
  await assertEnglish(page, 'Live alarm board');
  await page.getByTestId('alarm-tab-workOrders').click();
  await assertEnglish(page, 'Work-order queue');
  await page.getByTestId('alarm-tab-cycles').click();
  await page.getByTestId('cycle-timeline').waitFor();
  await page.locator('[data-testid="cycle-chart"][data-state="ready"]').waitFor();
  await assertEnglish(page, 'Reading-book stage limits');
  await page.getByTestId('alarm-tab-figures').click();
  await page.locator('[data-testid="figures-overruns"][data-state="ready"]').waitFor();
  await assertEnglish(page, 'Mean time to acknowledge');
  assert.ok(Number(await page.getByTestId('figures-raised').textContent()) >= 1, 'this month has alarms');
});

test('the alarm pages fit a phone, and other staff read without acting', async () => {
  const page = await h.freshPage();
  await page.setViewportSize(PHONE);
  await logIn(page, 'auditor');
  await page.goto(new URL('#/console/alarms', h.baseUrl).href);
  await page.getByTestId('alarm-count').waitFor();
  assert.ok(await fitsWidth(page), 'the board fits a phone');
  await page.getByTestId('alarm-link').first().click();
  await page.getByTestId('alarm-detail-page').waitFor();
  await page.getByTestId('alarm-diagnosis').waitFor();
  assert.ok(await fitsWidth(page), 'the detail fits a phone');
  await page.getByTestId('alarm-read-only').waitFor();
  assert.equal(await page.getByTestId('alarm-actions').count(), 0);
  await page.goto(new URL('#/console/alarms/work-orders', h.baseUrl).href);
  await page.getByTestId('work-orders-page').waitFor();
  assert.equal(await page.getByTestId('wo-acknowledge').count(), 0);
  assert.ok(await fitsWidth(page), 'the work-order queue fits a phone');
});
