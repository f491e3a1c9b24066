import { test } from 'node:test';
import assert from 'node:assert/strict';
import { AUDIT_THRESHOLDS_DEFAULT, type TariffDocument } from '@meterflow/core/billing/index';
import { SeededRandom } from '@meterflow/core';
import {
  batchOfRows,
  billRowsOfBatch,
  DETERMINANT_FLAG,
  DETERMINANT_VALUES,
  type BillDeterminantTable,
} from '@meterflow/store';
import { computeBillBatch } from './compute-bill-batch.ts';
import { computeChunk, type ChunkHistory, type ComputeContext } from './compute-bills.ts';
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

test('a batch in columns bills, encodes and audits exactly as bill by bill (computeChunk)', () => {
  const input = rows(2_000);
  const history = historyOf(input.length);
  const byRow = computeChunk(context(), input, history, AT);
  const det = batchOfRows('2026-10', 'rb-1', input);
  const batch = computeBillBatch(context(), det, history);
  const inColumns = billRowsOfBatch(det, batch, AT);
  assert.deepEqual(inColumns.bills, byRow.bills);
  assert.deepEqual(inColumns.auditResults, byRow.auditResults);
  assert.deepEqual(batch.newLineMeta, byRow.newLineMeta);
  // The mix is what it claims: held bills, power factors, two periods.
  assert.ok(byRow.auditResults.length > 100);
  assert.ok(byRow.bills.some((b) => b.pf_hundredths !== null));
  assert.deepEqual([...new Set(byRow.bills.map((b) => b.days))].sort(), [19, 30]);
  assert.equal(new Set(byRow.bills.map((b) => b.period_from)).size, 2);
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
