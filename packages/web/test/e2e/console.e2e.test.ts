// The staff console as a branch clerk: customer search three ways, a customer's record, the org tree.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import type { CustomerDetail, CustomerHit, OrgNode } from '../../src/api/api-types.ts';
import { startHarness } from './harness.ts';
import type { Harness } from './harness.ts';
import { assertEnglish, logIn, maybeScreenshot, switchToEnglish } from './ui-helpers.ts';

const CLERK = 'clerk.gangu';
/** Common surnames to find some customer of the clerk's branch through the API. */
const SURNAMES = ['张', '王', '李', '刘', '陈', '杨', '赵', '黄', '周', '吴'];

let h: Harness;
let sample: { id: string; name: string; accountNo: string; meterAddress: string };

before(async () => {
  h = await startHarness();
  sample = await pickCustomer();
});
after(async () => {
  await h?.close();
});

/** A customer of the clerk's branch with at least one account and meter, read from the API. */
async function pickCustomer(): Promise<typeof sample> {
  const get = await h.apiAs(CLERK);
  for (const s of SURNAMES) {
    const { items } = await get<{ items: CustomerHit[] }>(`/api/customers?q=${encodeURIComponent(s)}&limit=20`);
    for (const hit of items) {
      const d = await get<CustomerDetail>(`/api/customers/${encodeURIComponent(hit.id)}`);
      for (const { account, servicePoints } of d.accounts) {
        const meter = servicePoints.flatMap((sp) => sp.meters)[0];
        if (meter)
          return { id: hit.id, name: d.customer.name, accountNo: account.accountNo, meterAddress: meter.address };
      }
    }
  }
  throw new Error(`no customer with a meter found for ${CLERK}`);
}

async function search(page: Page, text: string): Promise<void> {
  await page.getByTestId('nav-search').click();
  await page.getByTestId('search-input').fill(text);
  await page.getByTestId('search-submit').click();
  await page
    .locator('[data-testid="search-results"], [data-testid="search-empty"], [data-testid="error"]')
    .first()
    .waitFor();
}

async function hitMatchedBy(page: Page, customerId: string): Promise<string | null> {
  const hit = page.locator(`[data-testid="search-hit"][data-customer-id="${customerId}"]`);
  return (await hit.count()) === 0 ? null : hit.getAttribute('data-matched-by');
}

test('a clerk finds a customer by name, by account number and by meter address', async () => {
  const page = await h.freshPage();
  await logIn(page, CLERK);
  await page.getByTestId('search-page').waitFor();
  assert.equal(await page.getByTestId('user-role').getAttribute('data-role'), 'clerk');

  await search(page, sample.name);
  assert.equal(await hitMatchedBy(page, sample.id), 'name');
  await maybeScreenshot(page, 'console-search');

  await search(page, sample.accountNo);
  assert.equal(await hitMatchedBy(page, sample.id), 'accountNo');

  await search(page, sample.meterAddress);
  assert.equal(await hitMatchedBy(page, sample.id), 'meterAddress');

  await search(page, 'no-such-customer-xyz');
  await page.getByTestId('search-empty').waitFor();
});

test("a customer's record shows accounts and meters with multiplier and dates", async () => {
  const detail = await (await h.apiAs(CLERK))<CustomerDetail>(`/api/customers/${encodeURIComponent(sample.id)}`);
  const page = await h.freshPage();
  await logIn(page, CLERK);
  await search(page, sample.accountNo);
  await page.locator(`[data-customer-id="${sample.id}"]`).getByTestId('search-hit-link').click();
  await page.getByTestId('customer-page').waitFor();
  await page.getByTestId('customer-account').first().waitFor();
  assert.equal(await page.getByTestId('customer-name').innerText(), detail.customer.name);
  assert.equal(await page.getByTestId('customer-account').count(), detail.accounts.length);
  const meters = detail.accounts.flatMap((a) => a.servicePoints.flatMap((sp) => sp.meters));
  assert.equal(await page.getByTestId('meter-row').count(), meters.length);
  const row = page.locator(`[data-testid="meter-row"][data-meter-address="${sample.meterAddress}"]`).first();
  const meter = meters.find((m) => m.address === sample.meterAddress)!;
  assert.equal(await row.getByTestId('meter-multiplier').innerText(), String(meter.multiplier));
  assert.match(await row.innerText(), new RegExp(meter.installedOn));
  await maybeScreenshot(page, 'console-customer');

  await switchToEnglish(page);
  await assertEnglish(page, 'Customer record');
  await assertEnglish(page, 'Multiplier');
});

test('the org tree shows the branch subtree and the console speaks English on every page', async () => {
  const tree = await (await h.apiAs(CLERK))<{ root: OrgNode }>('/api/orgs/tree');
  const page = await h.freshPage();
  await logIn(page, CLERK);
  await switchToEnglish(page);
  await assertEnglish(page, 'Customer search');

  await page.getByTestId('nav-orgs').click();
  await page.getByTestId('org-tree').waitFor();
  const count = (n: OrgNode): number => 1 + n.children.reduce((s, c) => s + count(c), 0);
  assert.equal(await page.getByTestId('org-node').count(), count(tree.root));
  assert.equal(await page.locator(`[data-org-id="${tree.root.id}"]`).count(), 1);
  await assertEnglish(page, 'Supply organisation');

  await search(page, sample.name);
  await assertEnglish(page, 'Matched by');
});

test('an administrator sees the whole organisation from the province down', async () => {
  const tree = await (await h.apiAs('admin'))<{ root: OrgNode }>('/api/orgs/tree');
  assert.equal(tree.root.level, 'province');
  const page = await h.freshPage();
  await logIn(page, 'admin');
  await page.getByTestId('nav-orgs').click();
  await page.getByTestId('org-tree').waitFor();
  assert.equal((await page.locator('[data-testid="org-node"][data-level="county"]').count()) >= 2, true);
  await maybeScreenshot(page, 'console-orgs');
});
