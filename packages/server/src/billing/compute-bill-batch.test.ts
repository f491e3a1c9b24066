import { test } from 'node:test';
import assert from 'node:assert/strict';
import {
  AUDIT_THRESHOLDS_DEFAULT,
  auditBill,
  calculateBill,
  encodeLines,
  type BillingDeterminants,
  type LineMetaBook,
  type TariffDocument,
} from '@meterflow/core/billing/index';
import { SeededRandom } from '@meterflow/core';
import {
  batchOfRows,
  billRowsOfBatch,
  DETERMINANT_FLAG,
  DETERMINANT_VALUES,
  type BillDeterminantTable,
} from '@meterflow/store';
import { computeBillBatch, computeChunk } from './compute-bill-batch.ts';
import type { ChunkHistory, ComputeContext } from './compute-bills.ts';
import { compileAll, readCatalogue } from './tariff-catalogue.ts';

const AT = '2026-10-05T02:00:00.000Z';
const docs: Record<string, TariffDocument> = {};
for (const e of readCatalogue()) docs[(e.document as TariffDocument).id] = e.document as TariffDocument;
const context = (): ComputeContext => ({
  tariffs: compileAll(docs),
  books: new Map(),
  thresholds: AUDIT_THRESHOLDS_DEFAULT,
});

/** A mixed book: every shipped tariff, multipliers, flags, and some accounts moved in mid-period (another period). */
function rows(n: number): BillDeterminantTable[] {
  const rng = new SeededRandom(7);
  const out: BillDeterminantTable[] = [];
  for (let i = 0; i < n; i++) {
    const tariff = rng.pick(Object.keys(docs));
    const late = i % 7 === 3;
    const r: BillDeterminantTable = {
      account_id: `acc-${String(i).padStart(5, '0')}`,
      cycle: '2026-10',
      reading_book_id: 'rb-1',
      customer_class: rng.pick(['residential', 'commercial', 'large_industrial', 'agricultural']),
      tariff_id: tariff,
      period_from: late ? '2026-09-12' : '2026-09-01',
      period_to: '2026-10-01',
      active_wh: rng.int(0, 600) * 1000,
      tou_wh: null,
      reactive_varh: 0,
      max_demand_w: 0,
      capacity_va: 0,
      contract_demand_w: 0,
      multiplier: rng.pick([1, 1, 20, 4000]),
      flags: rng.int(0, 63) & (rng.chance(0.2) ? 63 : DETERMINANT_FLAG.minimumIncome),
      source: 'test',
      created_at: AT,
    };
    if (tariff.includes('tou') || tariff.includes('two-part')) {
      const t = { peak: rng.int(0, 1000) * 50, flat: rng.int(1, 1000) * 50, valley: rng.int(0, 1000) * 50 };
      r.tou_wh = JSON.stringify(t);
      r.active_wh = t.peak + t.flat + t.valley;
      r.reactive_varh = Math.floor((r.active_wh * rng.int(0, 90)) / 100);
      r.capacity_va = 1_000_000;
      r.contract_demand_w = 500_000;
      r.max_demand_w = rng.int(0, 200);
    }
    out.push(r);
  }
  return out;
}

function historyOf(n: number): ChunkHistory {
  const h = { lastMonthWh: new Float64Array(n).fill(-1), sameMonthLastYearWh: new Float64Array(n).fill(-1) };
  for (let i = 0; i < n; i += 3) h.lastMonthWh[i] = (i % 11) * 40_000;
  for (let i = 0; i < n; i += 5) h.sameMonthLastYearWh[i] = 150_000;
  return h;
}

/**
 * The bills of `rows` bill by bill through core's object API (calculateBill, encodeLines,
 * auditBill), encoding against `books`: the reference the columns must match.
 */
function billByBill(rows: readonly BillDeterminantTable[], history: ChunkHistory, books: Map<string, LineMetaBook>) {
  const ctx = context();
  return rows.map((r, i) => {
    const flags = r.flags;
    const d: BillingDeterminants = {
      periodFrom: r.period_from,
      periodTo: r.period_to,
      multiplier: r.multiplier,
      estimated: (flags & DETERMINANT_FLAG.estimated) !== 0,
      minimumIncome: (flags & DETERMINANT_FLAG.minimumIncome) !== 0,
      ...(r.tou_wh ? { touWh: JSON.parse(r.tou_wh) as Record<string, number> } : { activeWh: r.active_wh }),
      ...(r.reactive_varh ? { reactiveVarh: r.reactive_varh } : {}),
      ...(r.max_demand_w ? { maxDemandW: r.max_demand_w } : {}),
      ...(r.capacity_va ? { capacityVa: r.capacity_va } : {}),
      ...(r.contract_demand_w ? { contractDemandW: r.contract_demand_w } : {}),
    };
    const bill = calculateBill(ctx.tariffs.get(r.tariff_id)!, d);
    const energyWh = (d.activeWh ?? Object.values(d.touWh!).reduce((a, b) => a + b, 0)) * r.multiplier;
    const verdict = auditBill(
      {
        customerClass: r.customer_class,
        energyWh,
        totalFen: bill.totalFen,
        estimated: bill.estimated,
        lines: bill.lines,
        lastMonthWh: history.lastMonthWh[i] >= 0 ? history.lastMonthWh[i] : undefined,
        sameMonthLastYearWh: history.sameMonthLastYearWh[i] >= 0 ? history.sameMonthLastYearWh[i] : undefined,
        tariffChanged: (flags & DETERMINANT_FLAG.tariffChanged) !== 0,
        multiplierChanged: (flags & DETERMINANT_FLAG.multiplierChanged) !== 0,
      },
      AUDIT_THRESHOLDS_DEFAULT,
    );
    return {
      lines: encodeLines(bill.lines, books.get(r.tariff_id)!),
      days: bill.days,
      energyWh,
      totalFen: bill.totalFen,
      netFen: bill.netFen,
      taxFen: bill.taxFen,
      pf: bill.powerFactorHundredths ?? null,
      tariffVersion: bill.lines.at(-1)?.tariffVersion ?? 1,
      held: !verdict.pass,
      reasons: verdict.reasons.map((x) => [x.rule, JSON.stringify(x.params)]),
    };
  });
}

test("a batch in columns bills, encodes and audits exactly as core's object API, bill by bill", () => {
  const input = rows(2_000);
  const history = historyOf(input.length);
  const ctx = context();
  const det = batchOfRows('2026-10', 'rb-1', input);
  const batch = computeBillBatch(ctx, det, history);
  const got = billRowsOfBatch(det, batch, AT);
  // The reference encodes against the metadata the batch stored: the kinds' labels.
  const want = billByBill(input, history, ctx.books);
  assert.deepEqual(
    got.bills.map((b) => ({
      lines: b.lines,
      days: b.days,
      energyWh: b.energy_wh,
      totalFen: b.total_fen,
      netFen: b.net_fen,
      taxFen: b.tax_fen,
      pf: b.pf_hundredths,
      tariffVersion: b.tariff_version,
      held: b.status === 'held',
      reasons: got.auditResults.filter((a) => a.bill_id === b.id).map((a) => [a.rule, a.params]),
    })),
    want,
  );
  // Power-factor lines carry their own labels; the stored metadata has the kind's.
  const pf = batch.newLineMeta.find((m) => m.code === 'pf.adjustment');
  assert.deepEqual([pf?.label_zh, pf?.label_en], ['功率因数调整电费', 'Power factor adjustment']);
  assert.ok(got.bills.filter((b) => b.pf_hundredths !== null).every((b) => b.lines.includes('功率因数调整电费(实际')));
  // The mix is what it claims: held bills, power factors, two periods.
  assert.ok(got.auditResults.length > 100);
  assert.ok(got.bills.some((b) => b.pf_hundredths !== null));
  assert.deepEqual([...new Set(got.bills.map((b) => b.days))].sort(), [19, 30]);
  assert.equal(new Set(got.bills.map((b) => b.period_from)).size, 2);
});

test('computeChunk (a rebill) bills rows as the batch does, one batch per book and cycle', () => {
  const input = rows(60).map((r, i) => (i % 20 === 7 ? { ...r, cycle: '2026-11', reading_book_id: 'rb-2' } : r));
  const history = historyOf(input.length);
  const chunk = computeChunk(context(), input, history, AT);
  assert.deepEqual(
    chunk.bills.map((b) => b.id),
    input.map((r) => `${r.account_id}.${r.cycle}.0`),
  );
  assert.deepEqual(
    chunk.bills.filter((b) => b.cycle === '2026-11').map((b) => b.reading_book_id),
    ['rb-2', 'rb-2', 'rb-2'],
  );
  const same = input.filter((r) => r.cycle === '2026-10');
  const batch = computeBillBatch(context(), batchOfRows('2026-10', 'rb-1', same), historyOf(same.length));
  assert.deepEqual(
    chunk.bills.filter((b) => b.cycle === '2026-10').map((b) => b.total_fen),
    [...Array(same.length).keys()].map((i) => batch.values[i * 9 + 3]),
  );
  assert.ok(chunk.newLineMeta.length > 0);
});

test('line metadata comes once per context; an empty batch has no bills', () => {
  const input = rows(50);
  const ctx = context();
  const det = batchOfRows('2026-10', 'rb-1', input);
  const first = computeBillBatch(ctx, det, historyOf(input.length));
  assert.equal(first.lines.length, input.length);
  assert.ok(first.newLineMeta.length > 0);
  const again = computeBillBatch(ctx, det, historyOf(input.length));
  assert.equal(again.newLineMeta.length, 0);
  assert.deepEqual(again.lines, first.lines);
  const none = computeBillBatch(context(), batchOfRows('2026-10', 'rb-1', []), historyOf(0));
  assert.deepEqual([none.n, none.lines, none.values.length], [0, [], 0]);
});

test('a row whose tariff is not stored stops the batch with the account named', () => {
  const input = rows(3);
  input[1].tariff_id = 'no-such-tariff';
  const det = batchOfRows('2026-10', 'rb-1', input);
  assert.equal(det.values.length, 3 * DETERMINANT_VALUES);
  assert.throws(() => computeBillBatch(context(), det, historyOf(3)), /acc-00001: tariff no-such-tariff is not stored/);
});
