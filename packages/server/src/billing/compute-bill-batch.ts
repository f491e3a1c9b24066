import { auditBill, calculateBill, encodeLines, type BillingDeterminants } from '@meterflow/core/billing/index';
import {
  BILL_VALUE,
  BILL_VALUES,
  DETERMINANT_FLAG,
  DETERMINANT_VALUE,
  DETERMINANT_VALUES,
  type BillBatch,
  type BillLineMetaTable,
  type DeterminantBatch,
} from '@meterflow/store';
import { newLineMetaOf, type ChunkHistory, type ComputeContext } from './compute-bills.ts';

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

const historyAt = (a: Float64Array, i: number): number | undefined => (a[i] >= 0 ? a[i] : undefined);

/**
 * Calculates and audits a batch of determinants into a `BillBatch` (revision 0 of the cycle): the
 * same bills as `computeChunk`, in columns, so a worker thread posts back typed arrays and strings
 * rather than an object per bill.
 */
export function computeBillBatch(ctx: ComputeContext, b: DeterminantBatch, history: ChunkHistory): BillBatch {
  const out: BillBatch = {
    n: b.n,
    values: new Float64Array(b.n * BILL_VALUES),
    lines: new Array<string>(b.n),
    auditRows: [],
    auditRules: [],
    auditParams: [],
    newLineMeta: [] as BillLineMetaTable[],
  };
  for (let i = 0; i < b.n; i++) {
    const tariffId = b.dict[b.tariffId[i]];
    const tariff = ctx.tariffs.get(tariffId);
    if (!tariff) throw new Error(`account ${b.accountIds[i]}: tariff ${tariffId} is not stored`);
    const d = determinantsAt(b, i);
    const bill = calculateBill(tariff, d);
    let book = ctx.books.get(tariff.id);
    if (!book) ctx.books.set(tariff.id, (book = new Map()));
    const known = book.size;
    out.lines[i] = encodeLines(bill.lines, book);
    if (book.size !== known) out.newLineMeta.push(...newLineMetaOf(tariff.id, book, known));
    const energyWh = (d.activeWh ?? sum(d.touWh)) * (d.multiplier ?? 1);
    const flags = b.values[i * DETERMINANT_VALUES + V.flags];
    const verdict = auditBill(
      {
        customerClass: b.dict[b.customerClass[i]],
        energyWh,
        totalFen: bill.totalFen,
        estimated: bill.estimated,
        lines: bill.lines,
        lastMonthWh: historyAt(history.lastMonthWh, i),
        sameMonthLastYearWh: historyAt(history.sameMonthLastYearWh, i),
        tariffChanged: (flags & DETERMINANT_FLAG.tariffChanged) !== 0,
        multiplierChanged: (flags & DETERMINANT_FLAG.multiplierChanged) !== 0,
      },
      ctx.thresholds,
    );
    for (const reason of verdict.reasons) {
      out.auditRows.push(i);
      out.auditRules.push(reason.rule);
      out.auditParams.push(JSON.stringify(reason.params));
    }
    const o = i * BILL_VALUES;
    const v = out.values;
    v[o + BILL_VALUE.tariffVersion] = bill.lines.length
      ? bill.lines[bill.lines.length - 1].tariffVersion
      : tariff.plans[0].version;
    v[o + BILL_VALUE.days] = bill.days;
    v[o + BILL_VALUE.energyWh] = energyWh;
    v[o + BILL_VALUE.totalFen] = bill.totalFen;
    v[o + BILL_VALUE.netFen] = bill.netFen;
    v[o + BILL_VALUE.taxFen] = bill.taxFen;
    v[o + BILL_VALUE.pfHundredths] = bill.powerFactorHundredths ?? -1;
    v[o + BILL_VALUE.estimated] = bill.estimated ? 1 : 0;
    v[o + BILL_VALUE.held] = verdict.pass ? 0 : 1;
  }
  return out;
}

function sum(r: Readonly<Record<string, number>> | undefined): number {
  let n = 0;
  if (r) for (const k in r) n += r[k];
  return n;
}
