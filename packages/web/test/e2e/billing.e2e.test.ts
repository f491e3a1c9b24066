// Billing in the browser, end to end: in the demo city a clerk simulates a month of reads for
// Zhang Wei's reading book and runs the bills, watching the book's progress bar and the run's reach
// 100 % from polling while the run request is still pending; Zhang Wei's estimated read waits in the audit
// queue with its reason; the auditor approves it (and the book's other held bills); the clerk
// releases the book; Zhang Wei sees the bill with its lines and downloads the PDF statement.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { startHarness, type Harness } from './harness.ts';
import { assertEnglish, logIn, maybeScreenshot, switchToEnglish } from './ui-helpers.ts';

const CLERK = 'clerk.gangu';
const AUDITOR = 'auditor';
const CUSTOMER = 'zhangwei';
const ACCOUNT = 'acc-620524-0002';
/** An older cycle than the one the demo seeds, so this run is the test's own. */
const CYCLE = '2026-08';
const BILL = `${ACCOUNT}.${CYCLE}.0`;
let h: Harness;

before(async () => {
  h = await startHarness();
});
after(async () => {
  await h?.close();
});

interface BillView {
  id: string;
  accountId: string;
  readingBookId: string;
  totalFen: number;
  lines?: { amount: string }[];
}

test('simulated month → bill run → audit queue approval → release → the customer sees the bill and its PDF', async () => {
  const asClerk = await h.apiAs(CLERK);
  const seeded = await asClerk<{ items: BillView[] }>('/api/billing/bills');
  const book = seeded.items.find((b) => b.accountId === ACCOUNT)?.readingBookId;
  assert.ok(book, 'the demo has billed Zhang Wei once already');

  const page = await h.freshPage();
  await logIn(page, CLERK);
  await page.getByTestId('nav-billing-runs').click();
  await page.getByTestId('bill-runs-page').waitFor();
  await page.getByTestId('run-cycle').fill(CYCLE);
  await page.getByTestId('run-book').fill(book);
  await page.getByTestId('run-simulate').click();
  await page.getByTestId('run-message').waitFor();
  // The run's answer is held back until the page has shown the whole run from polling alone:
  // the bars must move while the POST is still pending, as they do for a city's long run.
  let answerRun!: () => void;
  const runAnswered = new Promise<void>((resolve) => (answerRun = resolve));
  let runPending = false;
  await page.route(
    (url) => url.pathname === '/api/billing/runs',
    async (route) => {
      if (route.request().method() !== 'POST') return route.continue();
      runPending = true;
      const response = await route.fetch();
      await runAnswered;
      runPending = false;
      await route.fulfill({ response });
    },
  );
  await page.getByTestId('run-start').click();
  const card = page.locator(`[data-testid="bill-run"][data-book="${book}"][data-cycle="${CYCLE}"]`);
  const bar = card.locator('[data-testid="run-progress"][aria-valuenow="100"][data-state="done"]');
  await bar.waitFor();
  const summary = page.locator(`[data-testid="run-summary"][data-cycle="${CYCLE}"]`);
  await summary.locator('[data-testid="cycle-progress"][aria-valuenow="100"]').waitFor();
  assert.ok(runPending, 'the bars reached 100 % while the run request was still pending');
  assert.equal(await summary.getAttribute('data-state'), 'running');
  await maybeScreenshot(page, 'console-bill-run-progress');
  const run = (
    await asClerk<{ items: { readingBookId: string; accountsTotal: number; bills: Record<string, number> }[] }>(
      `/api/billing/runs?cycle=${CYCLE}`,
    )
  ).items.find((r) => r.readingBookId === book);
  assert.ok(run && run.accountsTotal > 0);
  const n = run.accountsTotal;
  assert.equal(await card.getByTestId('run-progress-text').innerText(), `${n} / ${n} 户 · 100% · 电费审核`);
  assert.equal(
    await summary.getByTestId('cycle-progress-text').innerText(),
    `${n} / ${n} 户 · 100% · 已完成 1 / 1 个抄表段`,
  );
  answerRun();
  await page.unroute((url) => url.pathname === '/api/billing/runs');
  await summary.and(page.locator('[data-state="done"]')).waitFor();
  const passed = run.bills.passed ?? 0;
  const heldCount = run.bills.held ?? 0;
  assert.ok(heldCount > 0, "Zhang Wei's estimated read is held");
  assert.equal(
    await summary.getByTestId('run-result').innerText(),
    `已计算 1 个抄表段:审核通过 ${passed} 张,待人工审核 ${heldCount} 张。`,
  );
  assert.match(
    await card.getByTestId('run-bills').innerText(),
    new RegExp(`审核通过 ${passed} · 待人工审核 ${heldCount}`),
  );
  await card.locator('[data-stage="calculation"][data-outcome="succeeded"]').waitFor();
  await card.locator('[data-stage="billAudit"][data-outcome="running"]').waitFor();
  await maybeScreenshot(page, 'console-bill-runs');

  const auditor = await h.freshPage();
  await logIn(auditor, AUDITOR);
  await auditor.getByTestId('nav-billing-queue').click();
  await auditor.getByTestId('audit-queue-page').waitFor();
  const mine = auditor.locator(`[data-testid="queue-item"][data-bill="${BILL}"]`);
  await mine.waitFor();
  assert.match(await mine.getByTestId('queue-reasons').innerText(), /估抄/);
  // Without a reason nothing is decided.
  await mine.getByTestId('queue-approve').click();
  await mine.locator('.notice').waitFor();
  assert.equal(await mine.getAttribute('data-status'), 'held');
  await maybeScreenshot(auditor, 'console-bill-audit-queue');
  const held = auditor.locator(`[data-testid="queue-item"][data-book="${book}"][data-status="held"]`);
  const ofCycle = held.and(auditor.locator(`[data-bill$=".${CYCLE}.0"]`));
  while ((await ofCycle.count()) > 0) {
    // Pin the item by its bill: once approved it no longer matches the held filter.
    const id = await ofCycle.first().getAttribute('data-bill');
    const item = auditor.locator(`[data-testid="queue-item"][data-bill="${id}"]`);
    await item.getByTestId('queue-reason').fill('已核实:估抄电量与历史相符');
    await item.getByTestId('queue-approve').click();
    await auditor.locator(`[data-testid="queue-item"][data-bill="${id}"][data-status="approved"]`).waitFor();
  }
  assert.equal(await mine.getAttribute('data-status'), 'approved');

  // One signed-in page at a time (freshPage closes the others): the clerk comes back to release.
  const clerk = await h.freshPage();
  await logIn(clerk, CLERK);
  await clerk.getByTestId('nav-billing-runs').click();
  const again = clerk.locator(`[data-testid="bill-run"][data-book="${book}"][data-cycle="${CYCLE}"]`);
  await again.locator('[data-stage="billAudit"][data-outcome="succeeded"]').waitFor();
  // The run page in English: bars, figures and stages, with no Chinese left.
  await switchToEnglish(clerk);
  await assertEnglish(clerk, 'Bill runs');
  assert.match(await again.getByTestId('run-progress-text').innerText(), /^(\d+) \/ \1 accounts · 100% · Bill audit$/);
  await clerk.getByTestId('lang-zh-CN').click();
  await clerk.waitForFunction(() => document.documentElement.lang === 'zh-CN');
  await again.getByTestId('run-release').click();
  await again.locator('[data-stage="release"][data-outcome="succeeded"]').waitFor();

  const customer = await h.freshPage();
  await logIn(customer, CUSTOMER);
  await customer.getByTestId('nav-bills').click();
  await customer.getByTestId('bills-page').waitFor();
  await customer.locator(`[data-testid="bill-row"][data-bill="${BILL}"]`).getByTestId('bill-open').click();
  await customer.getByTestId('bill-page').waitFor();
  const asCustomer = await h.apiAs(CUSTOMER);
  const bill = await asCustomer<BillView>(`/api/bills/${BILL}`);
  assert.equal(await customer.getByTestId('bill-total').innerText(), (bill.totalFen / 100).toFixed(2));
  assert.equal(await customer.getByTestId('bill-line').count(), bill.lines?.length);
  await maybeScreenshot(customer, 'portal-bill');
  const [download] = await Promise.all([customer.waitForEvent('download'), customer.getByTestId('bill-pdf').click()]);
  assert.match(download.suggestedFilename(), /\.pdf$/);
  const pdf = await readFile((await download.path())!);
  assert.equal(pdf.subarray(0, 5).toString(), '%PDF-');
  assert.match(pdf.toString('latin1'), /\/BaseFont \/[A-Z]{6}\+NotoSansHans-Regular/);

  await customer.getByTestId('bill-print').click();
  await customer.getByTestId('bill-print-page').waitFor();
  await customer.getByTestId('bill-lines').waitFor();
});
