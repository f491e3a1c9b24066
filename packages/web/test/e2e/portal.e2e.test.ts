// The customer portal as a residential customer and as an enterprise group's administrator.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { AccountDetail, AccountSummary, GroupView } from '../../src/api/api-types.ts';
import { PHONE, startHarness } from './harness.ts';
import type { Harness } from './harness.ts';
import { assertEnglish, chineseUiText, fitsWidth, logIn, maybeScreenshot, switchToEnglish } from './ui-helpers.ts';

let h: Harness;
before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

test('a wrong password shows a clear error and no session', async () => {
  const page = await h.freshPage();
  await page.getByTestId('login-submit').click();
  await page.getByTestId('login-missing').waitFor();
  await page.getByTestId('login-username').fill('zhangwei');
  await page.getByTestId('login-password').fill('not-the-password');
  await page.getByTestId('login-submit').click();
  const error = page.getByTestId('error');
  await error.waitFor();
  assert.equal(await error.getAttribute('data-code'), 'INVALID_CREDENTIALS');
  assert.match(await error.innerText(), /用户名或密码错误/);
  await switchToEnglish(page);
  assert.match(await error.innerText(), /user name or password is wrong/);
  await assertEnglish(page, 'Log in');
  assert.equal(await page.getByTestId('user-role').count(), 0, 'still signed out');
});

test('zhangwei sees exactly their two accounts and opens one', async () => {
  const get = await h.apiAs('zhangwei');
  const { items } = await get<{ items: AccountSummary[] }>('/api/accounts');
  assert.equal(items.length, 2, 'the demo customer 张伟 has two accounts');

  const page = await h.freshPage();
  await logIn(page, 'zhangwei');
  await page.getByTestId('accounts-page').waitFor();
  const cards = page.getByTestId('account-card');
  await cards.first().waitFor();
  const shownIds = await cards.evaluateAll((els) => els.map((e) => e.getAttribute('data-account-id')));
  assert.deepEqual([...shownIds].sort(), items.map((a) => a.id).sort());
  assert.equal(await page.getByTestId('user-role').getAttribute('data-role'), 'customer');
  assert.equal(await page.getByTestId('nav-group').count(), 0, 'a plain customer has no group view');
  await maybeScreenshot(page, 'portal-accounts');

  const target = items[0];
  const detail = await get<AccountDetail>(`/api/accounts/${encodeURIComponent(target.id)}`);
  await page.locator(`[data-account-id="${target.id}"]`).getByTestId('account-open').click();
  await page.getByTestId('account-page').waitFor();
  assert.equal((await page.getByTestId('account-no').innerText()).includes(target.accountNo), true);
  const meterCount = detail.servicePoints.reduce((n, sp) => n + sp.meters.length, 0);
  assert.equal(await page.getByTestId('meter-row').count(), meterCount);
  assert.equal(await page.getByTestId('service-point').count(), detail.servicePoints.length);
  await page.getByTestId('usage-daily-chart').waitFor();
  await page.locator('[data-testid="meters-chart"][data-state="ready"]').waitFor();
  await maybeScreenshot(page, 'portal-account');
  assert.notDeepEqual(await chineseUiText(page), [], 'the checker sees the Chinese UI before the switch');

  await switchToEnglish(page);
  await assertEnglish(page, 'Account overview');
  await assertEnglish(page, 'Daily use, last 30 days (kWh)');
  await page.getByTestId('back-to-accounts').click();
  await page.getByTestId('accounts-page').waitFor();
  await assertEnglish(page, 'My accounts');

  // The choice survives a reload.
  await page.reload();
  await page.getByTestId('accounts-page').waitFor();
  await assertEnglish(page, 'My accounts');
});

test('a customer cannot open an account that is not theirs', async () => {
  const group = await (await h.apiAs('group.admin'))<GroupView>('/api/group');
  const foreign = group.subsidiaries.flatMap((s) => s.accounts)[0];
  assert.ok(foreign, 'the demo group has accounts');
  const page = await h.freshPage();
  await logIn(page, 'zhangwei');
  await page.goto(`${h.baseUrl}#/accounts/${encodeURIComponent(foreign.id)}`);
  const error = page.getByTestId('error');
  await error.waitFor();
  assert.ok(['NOT_FOUND', 'FORBIDDEN'].includes((await error.getAttribute('data-code')) ?? ''));
  assert.equal(await page.getByTestId('account-no').count(), 0);
});

test('the account page fits a phone screen', async () => {
  const page = await h.freshPage();
  await page.setViewportSize(PHONE);
  await logIn(page, 'zhangwei');
  await page.getByTestId('account-open').first().click();
  await page.getByTestId('meter-row').first().waitFor();
  await page.locator('[data-testid="meters-chart"][data-state="ready"]').waitFor();
  assert.equal(await fitsWidth(page), true, 'no horizontal scrolling at 390 px');
  await maybeScreenshot(page, 'portal-account-phone');
});

test('a group administrator sees the three subsidiaries and their accounts', async () => {
  const get = await h.apiAs('group.admin');
  const group = await get<GroupView>('/api/group');
  assert.equal(group.subsidiaries.length, 3);

  const page = await h.freshPage();
  await logIn(page, 'group.admin');
  await page.getByTestId('nav-group').click();
  await page.getByTestId('group-page').waitFor();
  await page.getByTestId('subsidiary').first().waitFor();
  assert.equal(await page.getByTestId('group-name').innerText(), group.group.name);
  const names = await page.getByTestId('subsidiary-name').allInnerTexts();
  assert.deepEqual(
    names,
    group.subsidiaries.map((s) => s.name),
  );
  const total = group.subsidiaries.reduce((n, s) => n + s.accounts.length, 0);
  assert.equal(await page.getByTestId('account-card').count(), total);
  await maybeScreenshot(page, 'portal-group');

  await switchToEnglish(page);
  await assertEnglish(page, 'Group subsidiaries');
  await page.getByTestId('nav-accounts').click();
  await page.getByTestId('account-card').first().waitFor();
  await assertEnglish(page, 'My accounts');
  assert.equal(await page.getByTestId('account-card').count(), total, '"my accounts" lists every subsidiary account');
  assert.deepEqual(await chineseUiText(page), []);
});
