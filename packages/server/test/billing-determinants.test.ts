import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { addDays } from '@meterflow/core';
import type { TariffDocument } from '@meterflow/core/billing/index';
import { blockFrom, type IntervalBlock } from '@meterflow/core/metering/interval-block';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import type { BillableAccount } from '@meterflow/store';
import { runBillCycle } from '../src/billing/bill-cycle-run.ts';
import { DeterminantBuilder } from '../src/billing/determinant-builder.service.ts';
import { periodOf } from '../src/billing/simulated-determinants.ts';
import { storedTariffDocuments } from '../src/billing/tariff-catalogue.ts';
import { makeTestApp, type TestApp } from './test-app.ts';

// The demo billed 2026-10 from simulated determinants; this cycle is billed from stored blocks only.
const CYCLE = '2026-11';
const SLOTS = 96;
let t: TestApp;
before(async () => {
  t = await makeTestApp();
});
after(() => t.close());

/** A book with a residential and a time-of-use account, and their period. */
async function pickBook() {
  for (const book of await t.store.accounts.listReadingBooks()) {
    const period = periodOf(CYCLE, book.readingDay);
    const accounts = await t.store.billing.determinants.billableAccounts(book.id, period.to);
    const res = accounts.find((a) => a.tariffCode === 'GS-RES-TIERED' && a.meterAddresses.length === 1);
    const tou = accounts.find((a) => a.tariffCode === 'GS-GIC-TOU' && a.meterAddresses.length === 1);
    if (res && tou) return { book: book.id, period, res, tou };
  }
  throw new Error('no book with both a residential and a TOU account');
}

/** Deterministic slot values (Wh, secondary side) of one meter-day. */
const slotWh = (day: number, slot: number, base: number) => base + ((day * 7 + slot * 13) % 50);

function blocksOf(a: BillableAccount, period: { from: string; to: string }, base: number, estimatedDay?: string) {
  const blocks: IntervalBlock[] = [];
  let day = 0;
  for (let d = period.from; d < period.to; d = addDays(d, 1), day++) {
    const values = Array.from({ length: SLOTS }, (_, i) => slotWh(day, i, base));
    const quality = new Array<number>(SLOTS).fill(QUALITY.ACTUAL);
    // A whole day estimated by VEE: over the share of untrusted slots that makes an estimated read.
    if (d === estimatedDay) quality.fill(QUALITY.ESTIMATED);
    blocks.push(blockFrom({ meterId: a.meterAddresses[0], channel: 1, date: d }, values, quality));
  }
  return blocks;
}

/** Period code of each minute of the day, read straight from the tariff document. */
function periodByMinute(doc: TariffDocument): string[] {
  const out = new Array<string>(1440);
  const toMin = (hhmm: string) => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3));
  for (const s of doc.versions.at(-1)!.timeOfUse!.seasons[0].dayTypes[0].segments)
    for (let m = toMin(s.from); m < toMin(s.to); m++) out[m] = s.period;
  return out;
}

test('bills from stored interval blocks: kWh = Σ blocks × multiplier, TOU split by the schedule, estimated read held', async () => {
  const { book, period, res, tou } = await pickBook();
  const resBlocks = blocksOf(res, period, 20, addDays(period.from, 3));
  const touBlocks = blocksOf(tou, period, 300);
  await t.store.metering.blocks.storeReads([...resBlocks, ...touBlocks], '2026-11-20T01:00:00Z', 'test');

  const built = await new DeterminantBuilder(t.store).build({
    cycle: CYCLE,
    readingBookIds: [book],
    at: '2026-11-20T02:00:00Z',
  });
  assert.equal(built.fromIntervals, 2);
  assert.ok(built.gaps.every((g) => g.accountId !== res.accountId && g.accountId !== tou.accountId));

  const run = await runBillCycle(t.store, t.clock, {
    cycle: CYCLE,
    readingBookId: book,
    actor: 'test',
    holder: 'test',
    workers: 0,
  });
  assert.equal(run.computed, 2);

  const sum = (bs: IntervalBlock[]) => bs.reduce((n, b) => n + b.values.reduce((x, v) => x + v, 0), 0);
  const resBill = await t.store.billing.bills.get(`${res.accountId}.${CYCLE}.0`);
  const touBill = await t.store.billing.bills.get(`${tou.accountId}.${CYCLE}.0`);
  assert.ok(resBill && touBill);
  assert.equal(Number(resBill.energy_wh), sum(resBlocks) * res.multiplier);
  assert.equal(Number(touBill.energy_wh), sum(touBlocks) * tou.multiplier);

  // The TOU split, computed here independently from the tariff's segments.
  const docs = await storedTariffDocuments(t.store);
  const touDoc = Object.values(docs).find((d) => d.id === touBill.tariff_id)!;
  const byMinute = periodByMinute(touDoc);
  const expected: Record<string, number> = {};
  for (const b of touBlocks)
    b.values.forEach((v, i) => (expected[byMinute[i * 15]] = (expected[byMinute[i * 15]] ?? 0) + v));
  const det = await t.store.billing.determinants.get(tou.accountId, CYCLE);
  assert.deepEqual(JSON.parse(det!.tou_wh!), expected);
  const lines = JSON.parse(touBill.lines) as [string, number][];
  for (const [code, wh] of Object.entries(expected)) {
    const line = lines.find((l) => l[0].endsWith(code));
    assert.ok(line, `a line for ${code}`);
    assert.equal(line[1], wh * tou.multiplier, `quantity (Wh) of ${code}`);
  }

  // One estimated day: the residential bill is an estimated read and waits in the audit queue.
  assert.equal(resBill.estimated, 1);
  assert.equal(resBill.status, 'held');
  const reasons = await t.store.billing.bills.auditResults([resBill.id]);
  assert.ok(reasons.some((r) => r.rule === 'estimatedRead'));
  assert.equal(touBill.estimated, 0);
});
