import {
  auditBill,
  BillCalculator,
  LineTextWriter,
  type AuditInput,
  type BillingDeterminants,
  type CompiledTariff,
  type LineMetaBook,
} from '@meterflow/core/billing/index';
import {
  batchOfRows,
  billRowsOfBatch,
  BILL_VALUE,
  BILL_VALUES,
  DETERMINANT_FLAG,
  DETERMINANT_VALUE,
  DETERMINANT_VALUES,
  type BillBatch,
  type BillDeterminantTable,
  type BillLineMetaTable,
  type DeterminantBatch,
} from '@meterflow/store';
import { newLineMetaOf, type ChunkHistory, type ComputeContext, type ComputedChunk } from './compute-bills.ts';

const V = DETERMINANT_VALUE;

/** The determinants of row `i` of a batch (the calculation applies the multiplier). */
export function determinantsAt(b: DeterminantBatch, i: number): BillingDeterminants {
  const o = i * DETERMINANT_VALUES;
  const x = b.values;
  const flags = x[o + V.flags];
  const d: BillingDeterminants = {
    accountId: b.accountIds[i],
    periodFrom: b.dict[b.periodFrom[i]],
    periodTo: b.dict[b.periodTo[i]],
    multiplier: x[o + V.multiplier],
    estimated: (flags & DETERMINANT_FLAG.estimated) !== 0,
    minimumIncome: (flags & DETERMINANT_FLAG.minimumIncome) !== 0,
  };
  const tou = b.touWh[i];
  if (tou) d.touWh = JSON.parse(tou) as Record<string, number>;
  else d.activeWh = x[o + V.activeWh];
  if (x[o + V.reactiveVarh]) d.reactiveVarh = x[o + V.reactiveVarh];
  if (x[o + V.maxDemandW]) d.maxDemandW = x[o + V.maxDemandW];
  if (x[o + V.capacityVa]) d.capacityVa = x[o + V.capacityVa];
  if (x[o + V.contractDemandW]) d.contractDemandW = x[o + V.contractDemandW];
  return d;
}

/**
 * `determinantsAt` into reused objects: what calculating a batch reads, without an object per row.
 * Rows with and without TOU energy get an object each, so no field changes its type from row to
 * row (that sends V8 into a deoptimisation loop); 0 stands for an absent figure, as it does in the
 * calculation.
 */
class DeterminantsCursor {
  private readonly flat: BillingDeterminants = DeterminantsCursor.blank();
  private readonly tou: BillingDeterminants = DeterminantsCursor.blank();

  private static blank(): BillingDeterminants {
    return {
      accountId: '',
      periodFrom: '',
      periodTo: '',
      multiplier: 1,
      estimated: false,
      minimumIncome: false,
      activeWh: undefined,
      touWh: undefined,
      reactiveVarh: 0,
      maxDemandW: 0,
      capacityVa: 0,
      contractDemandW: 0,
    };
  }

  at(b: DeterminantBatch, i: number): BillingDeterminants {
    const o = i * DETERMINANT_VALUES;
    const x = b.values;
    const text = b.touWh[i];
    let d: BillingDeterminants;
    if (text) {
      d = this.tou;
      d.touWh = JSON.parse(text) as Record<string, number>;
    } else {
      d = this.flat;
      d.activeWh = x[o + V.activeWh];
    }
    const flags = x[o + V.flags];
    d.accountId = b.accountIds[i];
    d.periodFrom = b.dict[b.periodFrom[i]];
    d.periodTo = b.dict[b.periodTo[i]];
    d.multiplier = x[o + V.multiplier];
    d.estimated = (flags & DETERMINANT_FLAG.estimated) !== 0;
    d.minimumIncome = (flags & DETERMINANT_FLAG.minimumIncome) !== 0;
    d.reactiveVarh = x[o + V.reactiveVarh] || 0;
    d.maxDemandW = x[o + V.maxDemandW] || 0;
    d.capacityVa = x[o + V.capacityVa] || 0;
    d.contractDemandW = x[o + V.contractDemandW] || 0;
    return d;
  }
}

// What a batch computes with, kept for the next batch of this thread: a batch runs to its end
// synchronously, and every bill overwrites what the previous one left.
const scratch = { calc: new BillCalculator(), writer: new LineTextWriter(1 << 20), rows: new DeterminantsCursor() };

const historyAt = (a: Float64Array, i: number): number | undefined => (a[i] >= 0 ? a[i] : undefined);

/**
 * Calculates and audits a batch of determinants into a `BillBatch` (revision 0 of the cycle), in columns, so a worker thread posts back typed arrays and strings
 * rather than an object per bill. One calculator, one line writer and one audit input serve every
 * row, so a bill allocates little more than its audit verdict.
 */
export function computeBillBatch(ctx: ComputeContext, b: DeterminantBatch, history: ChunkHistory): BillBatch {
  const bills: Omit<BillBatch, 'lines'> = {
    n: b.n,
    values: new Float64Array(b.n * BILL_VALUES),
    auditRows: [],
    auditRules: [],
    auditParams: [],
    newLineMeta: [] as BillLineMetaTable[],
  };
  const { calc, writer, rows } = scratch;
  writer.reset();
  // The dictionary is small: look each tariff and its line book up once per batch, not per row.
  const tariffs: (CompiledTariff | undefined)[] = new Array(b.dict.length);
  const books: LineMetaBook[] = new Array(b.dict.length);
  const input: AuditInput = {
    customerClass: '',
    energyWh: 0,
    totalFen: 0,
    estimated: false,
    lines: calc.lines,
    lastMonthWh: undefined,
    sameMonthLastYearWh: undefined,
    tariffChanged: false,
    multiplierChanged: false,
  };
  const v = bills.values;
  for (let i = 0; i < b.n; i++) {
    const t = b.tariffId[i];
    let tariff = tariffs[t];
    if (!tariff) {
      tariff = ctx.tariffs.get(b.dict[t]);
      if (!tariff) throw new Error(`account ${b.accountIds[i]}: tariff ${b.dict[t]} is not stored`);
      tariffs[t] = tariff;
      let book = ctx.books.get(tariff.id);
      if (!book) ctx.books.set(tariff.id, (book = new Map()));
      books[t] = book;
    }
    const d = rows.at(b, i);
    const bill = calc.calculate(tariff, d);
    const lines = bill.lines;
    const book = books[t];
    const known = book.size;
    writer.appendColumns(lines, book);
    if (book.size !== known) bills.newLineMeta.push(...newLineMetaOf(tariff.id, book, known));
    const energyWh = bill.activeWh;
    const flags = b.values[i * DETERMINANT_VALUES + V.flags];
    input.customerClass = b.dict[b.customerClass[i]];
    input.energyWh = energyWh;
    input.totalFen = bill.totalFen;
    input.estimated = d.estimated === true;
    input.lastMonthWh = historyAt(history.lastMonthWh, i);
    input.sameMonthLastYearWh = historyAt(history.sameMonthLastYearWh, i);
    input.tariffChanged = (flags & DETERMINANT_FLAG.tariffChanged) !== 0;
    input.multiplierChanged = (flags & DETERMINANT_FLAG.multiplierChanged) !== 0;
    const verdict = auditBill(input, ctx.thresholds);
    for (const reason of verdict.reasons) {
      bills.auditRows.push(i);
      bills.auditRules.push(reason.rule);
      bills.auditParams.push(JSON.stringify(reason.params));
    }
    const o = i * BILL_VALUES;
    v[o + BILL_VALUE.tariffVersion] = lines.length
      ? lines.kind[lines.length - 1].tariffVersion
      : tariff.plans[0].version;
    v[o + BILL_VALUE.days] = bill.days;
    v[o + BILL_VALUE.energyWh] = energyWh;
    v[o + BILL_VALUE.totalFen] = bill.totalFen;
    v[o + BILL_VALUE.netFen] = bill.netFen;
    v[o + BILL_VALUE.taxFen] = bill.taxFen;
    v[o + BILL_VALUE.pfHundredths] = bill.powerFactorHundredths ?? -1;
    v[o + BILL_VALUE.estimated] = d.estimated ? 1 : 0;
    v[o + BILL_VALUE.held] = verdict.pass ? 0 : 1;
  }
  return { ...bills, lines: writer.takeBills() };
}

/**
 * Calculates and audits stored determinant rows as bill rows (revision 0 of their cycle): the bill
 * run's calculation, line encoding and metadata, for a handful of rows (a rebill). Rows of
 * different books or cycles are batched apart, in order.
 */
export function computeChunk(
  ctx: ComputeContext,
  rows: readonly BillDeterminantTable[],
  history: ChunkHistory,
  calculatedAt: string,
): ComputedChunk {
  const out: ComputedChunk = { bills: [], auditResults: [], newLineMeta: [] };
  for (let start = 0; start < rows.length;) {
    const { cycle, reading_book_id: book } = rows[start];
    let end = start + 1;
    while (end < rows.length && rows[end].cycle === cycle && rows[end].reading_book_id === book) end++;
    const det = batchOfRows(cycle, book, rows.slice(start, end));
    const part = {
      lastMonthWh: history.lastMonthWh.subarray(start, end),
      sameMonthLastYearWh: history.sameMonthLastYearWh.subarray(start, end),
    };
    const computed = computeBillBatch(ctx, det, part);
    const { bills, auditResults } = billRowsOfBatch(det, computed, calculatedAt);
    out.bills.push(...bills);
    out.auditResults.push(...auditResults);
    out.newLineMeta.push(...computed.newLineMeta);
    start = end;
  }
  return out;
}
