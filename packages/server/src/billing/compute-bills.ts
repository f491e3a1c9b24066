import type { AuditThresholds, CompiledTariff, LineMetaBook } from '@meterflow/core/billing/index';
import type { BillAuditResultTable, BillLineMetaTable, BillTable } from '@meterflow/store';

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
