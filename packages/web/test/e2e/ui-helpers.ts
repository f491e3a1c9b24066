// Steps and checks shared by the browser tests.
import assert from 'node:assert/strict';
import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { DEMO_PASSWORD, SCREENSHOT_DIR } from './harness.ts';

/** Fills the login form and waits until the signed-in header shows. */
export async function logIn(page: Page, username: string, password = DEMO_PASSWORD): Promise<void> {
  await page.getByTestId('login-username').fill(username);
  await page.getByTestId('login-password').fill(password);
  await page.getByTestId('login-submit').click();
  await page.getByTestId('user-role').waitFor();
}

/** Switches the UI to English and waits for the switch to take effect. */
export async function switchToEnglish(page: Page): Promise<void> {
  await page.getByTestId('lang-en').click();
  await page.waitForFunction(() => document.documentElement.lang === 'en');
}

/**
 * Visible UI text (text nodes, placeholders, labels, the page title) that contains Chinese characters,
 * leaving out data marked data-i18n-skip: customer names, addresses, branch names, language names.
 */
export async function chineseUiText(page: Page): Promise<string[]> {
  // Passed as source text: tsx would wrap named inner functions in a helper the page does not have.
  return page.evaluate<string[]>(CHINESE_UI_TEXT_SCRIPT);
}

const CHINESE_UI_TEXT_SCRIPT = `(() => {
  const han = /[\\u4e00-\\u9fff]/;
  const found = [];
  const walker = document.createTreeWalker(document.body, NodeFilter.SHOW_TEXT);
  for (let n = walker.nextNode(); n; n = walker.nextNode()) {
    const el = n.parentElement;
    const text = n.textContent || '';
    if (!han.test(text) || !el || el.closest('[data-i18n-skip]')) continue;
    if (el.checkVisibility({ visibilityProperty: true, opacityProperty: true })) found.push(text.trim());
  }
  for (const el of document.querySelectorAll('[placeholder], [aria-label], [title]')) {
    if (el.closest('[data-i18n-skip]')) continue;
    for (const attr of ['placeholder', 'aria-label', 'title']) {
      const v = el.getAttribute(attr);
      if (v && han.test(v)) found.push(attr + '=' + v);
    }
  }
  if (han.test(document.title)) found.push('title=' + document.title);
  return found;
})()`;

/** Asserts the page is in English: the expected English text shows and no Chinese UI text remains. */
export async function assertEnglish(page: Page, expected: string): Promise<void> {
  await page.getByText(expected, { exact: false }).first().waitFor();
  assert.deepEqual(await chineseUiText(page), [], `Chinese UI text left on ${page.url()}`);
}

/** True when the page has no horizontal scrolling (it fits the viewport). */
export async function fitsWidth(page: Page): Promise<boolean> {
  return page.evaluate(() => document.documentElement.scrollWidth <= window.innerWidth + 1);
}

/** Saves a PNG to docs/screenshots when MF_SCREENSHOTS=1 (for the README); otherwise does nothing. */
export async function maybeScreenshot(page: Page, name: string): Promise<void> {
  if (process.env.MF_SCREENSHOTS !== '1') return;
  await mkdir(SCREENSHOT_DIR, { recursive: true });
  await page.screenshot({ path: join(SCREENSHOT_DIR, `${name}.png`), fullPage: true });
}
