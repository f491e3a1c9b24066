import {
  auditBill,
  calculateBill,
  encodeLines,
  type AuditThresholds,
  type BillingDeterminants,
  type CompiledTariff,
  type LineMetaBook,
} from '@meterflow/core/billing/index';
import {
  DETERMINANT_FLAG,
  type BillAuditResultTable,
  type BillDeterminantTable,
  type BillLineMetaTable,
  type BillTable,
} from '@meterflow/store';

/** History for the audit, aligned with the rows: −1 where the account has no bill then. */
export interface ChunkHistory {
  lastMonthWh: Float64Array;
  sameMonthLastYearWh: Float64Array;
}

export interface ComputedChunk {
  bills: BillTable[];
  auditResults: BillAuditResultTable[];
  /** Line metadata seen for the first time by this computer, to store once. */
  newLineMeta: BillLineMetaTable[];
}

/** What a computer keeps between chunks: compiled tariffs and the line metadata it has seen. */
export interface ComputeContext {
  tariffs: ReadonlyMap<string, CompiledTariff>;
  books: Map<string, LineMetaBook>;
  thresholds: AuditThresholds;
}

/** The determinants a stored row stands for (the calculation applies the multiplier). */
export function determinantsOf(r: BillDeterminantTable): BillingDeterminants {
  const flags = Number(r.flags);
  const d: BillingDeterminants = {
    accountId: r.account_id,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    multiplier: Number(r.multiplier),
    estimated: (flags & DETERMINANT_FLAG.estimated) !== 0,
    minimumIncome: (flags & DETERMINANT_FLAG.minimumIncome) !== 0,
  };
  if (r.tou_wh) d.touWh = JSON.parse(r.tou_wh) as Record<string, number>;
  else d.activeWh = Number(r.active_wh);
  if (Number(r.reactive_varh)) d.reactiveVarh = Number(r.reactive_varh);
  if (Number(r.max_demand_w)) d.maxDemandW = Number(r.max_demand_w);
  if (Number(r.capacity_va)) d.capacityVa = Number(r.capacity_va);
  if (Number(r.contract_demand_w)) d.contractDemandW = Number(r.contract_demand_w);
  return d;
}

const historyAt = (a: Float64Array, i: number): number | undefined => (a[i] >= 0 ? a[i] : undefined);

/** Calculates and audits the bills of a chunk of determinants (revision 0 of the cycle). */
export function computeChunk(
  ctx: ComputeContext,
  rows: readonly BillDeterminantTable[],
  history: ChunkHistory,
  calculatedAt: string,
): ComputedChunk {
  const bills: BillTable[] = new Array(rows.length);
  const auditResults: BillAuditResultTable[] = [];
  const newLineMeta: BillLineMetaTable[] = [];
  for (let i = 0; i < rows.length; i++) {
    const r = rows[i];
    const tariff = ctx.tariffs.get(r.tariff_id);
    if (!tariff) throw new Error(`account ${r.account_id}: tariff ${r.tariff_id} is not stored`);
    const d = determinantsOf(r);
    const bill = calculateBill(tariff, d);
    let book = ctx.books.get(tariff.id);
    if (!book) ctx.books.set(tariff.id, (book = new Map()));
    const known = book.size;
    const lines = encodeLines(bill.lines, book);
    if (book.size !== known) newLineMeta.push(...newLineMetaOf(tariff.id, book, known));
    const energyWh = (d.activeWh ?? sum(d.touWh)) * (d.multiplier ?? 1);
    const flags = Number(r.flags);
    const id = `${r.account_id}.${r.cycle}.0`;
    const verdict = auditBill(
      {
        customerClass: r.customer_class,
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
      auditResults.push({
        bill_id: id,
        rule: reason.rule,
        params: JSON.stringify(reason.params),
        created_at: calculatedAt,
      });
    }
    bills[i] = {
      id,
      account_id: r.account_id,
      cycle: r.cycle,
      revision: 0,
      reading_book_id: r.reading_book_id,
      customer_class: r.customer_class,
      tariff_id: tariff.id,
      tariff_version: bill.lines.length ? bill.lines[bill.lines.length - 1].tariffVersion : tariff.plans[0].version,
      period_from: r.period_from,
      period_to: r.period_to,
      days: bill.days,
      energy_wh: energyWh,
      total_fen: bill.totalFen,
      net_fen: bill.netFen,
      tax_fen: bill.taxFen,
      pf_hundredths: bill.powerFactorHundredths ?? null,
      estimated: bill.estimated ? 1 : 0,
      status: verdict.pass ? 'passed' : 'held',
      lines,
      calculated_at: calculatedAt,
      released_at: null,
      released_by: null,
      replaces_bill_id: null,
    };
  }
  return { bills, auditResults, newLineMeta };
}

/** The metadata a book gained from position `from` on, as rows to store once per tariff. */
export function newLineMetaOf(tariffId: string, book: LineMetaBook, from: number): BillLineMetaTable[] {
  return [...book.values()].slice(from).map((m) => ({
    tariff_id: tariffId,
    code: m.code,
    label_zh: m.labelZh,
    label_en: m.labelEn,
    category: m.category,
    unit: m.unit,
    price_unit: m.priceUnit,
    rule: m.rule,
  }));
}

function sum(r: Readonly<Record<string, number>> | undefined): number {
  let n = 0;
  if (r) for (const k in r) n += r[k];
  return n;
}
