import { billToJson, decodeLines, type Bill, type LineMeta } from '@meterflow/core/billing/index';
import { formatKwh, formatYuan, type Fen, type Wh } from '@meterflow/core';
import type { BillAuditResultTable, BillLineMetaTable, BillSummaryRow, BillTable, Store } from '@meterflow/store';

/** A bill as the API shows it: yuan and kWh as decimal strings, fen kept alongside. */
export interface BillView {
  id: string;
  accountId: string;
  accountNo: string;
  cycle: string;
  revision: number;
  readingBookId: string;
  customerClass: string;
  tariffId: string;
  tariffName: { zh: string; en: string };
  tariffVersion: number;
  periodFrom: string;
  periodTo: string;
  days: number;
  energyKwh: string;
  total: string;
  net: string;
  tax: string;
  totalFen: number;
  powerFactor: string | null;
  estimated: boolean;
  status: string;
  calculatedAt: string;
  releasedAt: string | null;
  replacesBillId: string | null;
  audit: { rule: string; params: Record<string, string | number> }[];
}

export interface BillDetailView extends BillView {
  lines: Record<string, unknown>[];
  decisions: { decision: string; reason: string; decidedBy: string; decidedAt: string }[];
  creditNote: { id: string; amount: string; reason: string; newBillId: string; issuedAt: string } | null;
}

const metaOf = (r: BillLineMetaTable): LineMeta => ({
  code: r.code,
  labelZh: r.label_zh,
  labelEn: r.label_en,
  category: r.category as LineMeta['category'],
  unit: r.unit as LineMeta['unit'],
  priceUnit: r.price_unit as LineMeta['priceUnit'],
  rule: r.rule,
});

/** Turns stored bills into API views (names, audit reasons, decoded lines). */
export class BillViews {
  constructor(private readonly store: Store) {}

  async summaries(rows: readonly BillSummaryRow[]): Promise<BillView[]> {
    const names = await this.tariffNames();
    const accountNos = await this.accountNos(rows.map((r) => r.account_id));
    const audit = await this.store.billing.bills.auditResults(
      rows.filter((r) => r.status !== 'passed').map((r) => r.id),
    );
    const byBill = new Map<string, BillAuditResultTable[]>();
    for (const a of audit) byBill.set(a.bill_id, [...(byBill.get(a.bill_id) ?? []), a]);
    return rows.map((r) => summary(r, names, accountNos, byBill.get(r.id) ?? []));
  }

  async detail(row: BillTable): Promise<BillDetailView> {
    const [view] = await this.summaries([row]);
    const bills = this.store.billing.bills;
    const decisions = await bills.decisions(row.id);
    const note = await bills.creditNoteOf(row.id);
    return {
      ...view,
      lines: billToJson(await this.decoded(row)).lines as Record<string, unknown>[],
      decisions: decisions.map((d) => ({
        decision: d.decision,
        reason: d.reason,
        decidedBy: d.decided_by,
        decidedAt: d.decided_at,
      })),
      creditNote: note
        ? {
            id: note.id,
            amount: formatYuan(Number(note.amount_fen) as Fen),
            reason: note.reason,
            newBillId: note.new_bill_id,
            issuedAt: note.issued_at,
          }
        : null,
    };
  }

  /** The stored bill as core's Bill (lines decoded with the tariff's line metadata). */
  async decoded(row: BillTable): Promise<Bill> {
    const meta = new Map((await this.store.billing.tariffs.lineMeta([row.tariff_id])).map((m) => [m.code, metaOf(m)]));
    const bill: Bill = {
      tariffId: row.tariff_id,
      accountId: row.account_id,
      periodFrom: row.period_from,
      periodTo: row.period_to,
      days: row.days,
      estimated: row.estimated === 1,
      lines: decodeLines(row.lines, meta),
      totalFen: Number(row.total_fen) as Fen,
      netFen: Number(row.net_fen) as Fen,
      taxFen: Number(row.tax_fen) as Fen,
    };
    if (row.pf_hundredths !== null) bill.powerFactorHundredths = row.pf_hundredths;
    return bill;
  }

  async tariffNames(): Promise<Map<string, { zh: string; en: string }>> {
    return new Map((await this.store.billing.tariffs.list()).map((t) => [t.id, { zh: t.name_zh, en: t.name_en }]));
  }

  private async accountNos(ids: readonly string[]): Promise<Map<string, string>> {
    const out = new Map<string, string>();
    for (const id of new Set(ids)) {
      const a = await this.store.accounts.get(id);
      if (a) out.set(id, a.accountNo);
    }
    return out;
  }
}

function summary(
  r: BillSummaryRow,
  names: Map<string, { zh: string; en: string }>,
  accountNos: Map<string, string>,
  audit: BillAuditResultTable[],
): BillView {
  return {
    id: r.id,
    accountId: r.account_id,
    accountNo: accountNos.get(r.account_id) ?? r.account_id,
    cycle: r.cycle,
    revision: r.revision,
    readingBookId: r.reading_book_id,
    customerClass: r.customer_class,
    tariffId: r.tariff_id,
    tariffName: names.get(r.tariff_id) ?? { zh: r.tariff_id, en: r.tariff_id },
    tariffVersion: r.tariff_version,
    periodFrom: r.period_from,
    periodTo: r.period_to,
    days: r.days,
    energyKwh: formatKwh(Number(r.energy_wh) as Wh),
    total: formatYuan(Number(r.total_fen) as Fen),
    net: formatYuan(Number(r.net_fen) as Fen),
    tax: formatYuan(Number(r.tax_fen) as Fen),
    totalFen: Number(r.total_fen),
    powerFactor: r.pf_hundredths === null ? null : (r.pf_hundredths / 100).toFixed(2),
    estimated: r.estimated === 1,
    status: r.status,
    calculatedAt: r.calculated_at,
    releasedAt: r.released_at,
    replacesBillId: r.replaces_bill_id,
    audit: audit.map((a) => ({ rule: a.rule, params: JSON.parse(a.params) as Record<string, string | number> })),
  };
}
