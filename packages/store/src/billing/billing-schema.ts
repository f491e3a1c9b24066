/**
 * Tables of the billing context (migration 0003-billing). Conventions as in ../schema.ts: text ids,
 * ISO-8601 UTC instants, YYYY-MM-DD dates, integers in the smallest unit (fen, Wh, W, VA).
 * Bills and determinants carry no foreign keys to accounts: bill runs write them in bulk, and the
 * account register is checked where determinants are produced.
 */

/** A tariff of the catalogue as stored: the whole validated document, by catalogue code. */
export interface TariffTable {
  id: string;
  /** The code accounts are assigned (tariff_assignments.tariff_code), e.g. `GS-RES-TIERED`. */
  code: string;
  name_zh: string;
  name_en: string;
  /** The tariff document (JSON) with every version. */
  document: string;
  stored_at: string;
}

/** One effective-dated version of a stored tariff (the rows bills name in `tariff_version`). */
export interface TariffVersionTable {
  tariff_id: string;
  version: number;
  effective_from: string;
  vat_rate_percent: string;
}

/** What every bill line of one code under one tariff shares (labels, unit, rule); see bill-line-codec. */
export interface BillLineMetaTable {
  tariff_id: string;
  code: string;
  label_zh: string;
  label_en: string;
  category: string;
  unit: string;
  price_unit: string;
  rule: string;
}

/** Bit flags of a determinants row. */
export const DETERMINANT_FLAG = {
  estimated: 1,
  rollover: 2,
  exchange: 4,
  minimumIncome: 8,
  tariffChanged: 16,
  multiplierChanged: 32,
} as const;

/** Billing determinants of one account for one cycle, as metering (or the demo generator) produced them. */
export interface BillDeterminantTable {
  account_id: string;
  cycle: string;
  reading_book_id: string;
  customer_class: string;
  tariff_id: string;
  period_from: string;
  period_to: string;
  /** Total active energy (secondary side: `multiplier` is applied by the calculation). */
  active_wh: number;
  /** JSON object of Wh per time-of-use period, when the tariff prices periods. */
  tou_wh: string | null;
  reactive_varh: number;
  max_demand_w: number;
  capacity_va: number;
  contract_demand_w: number;
  multiplier: number;
  /** DETERMINANT_FLAG bits. */
  flags: number;
  source: string;
  created_at: string;
}

/**
 * The status of a bill: `held` waits in the manual audit queue; `passed` and `approved` may be
 * released; `rejected` is never released (the account is billed again after correction).
 */
export type BillStatus = 'passed' | 'held' | 'approved' | 'rejected' | 'released';

/** A bill. Released bills are never changed (a trigger refuses it); a rebill adds a credit note and a new revision. */
export interface BillTable {
  /** `${account_id}.${cycle}.${revision}`: a rerun of a cycle lands on the same id. */
  id: string;
  account_id: string;
  cycle: string;
  revision: number;
  reading_book_id: string;
  customer_class: string;
  tariff_id: string;
  tariff_version: number;
  period_from: string;
  period_to: string;
  days: number;
  energy_wh: number;
  total_fen: number;
  net_fen: number;
  tax_fen: number;
  pf_hundredths: number | null;
  estimated: number;
  status: BillStatus;
  /** The lines, compact (core/billing/bill-line-codec): metadata in bill_line_meta. */
  lines: string;
  calculated_at: string;
  released_at: string | null;
  released_by: string | null;
  /** The bill this one replaces after a rebill. */
  replaces_bill_id: string | null;
}

/** One reason the automatic audit held a bill. */
export interface BillAuditResultTable {
  bill_id: string;
  rule: string;
  /** JSON object of the figures behind the reason. */
  params: string;
  created_at: string;
}

/** A clerk's or auditor's decision on a held bill (append-only). */
export interface BillAuditDecisionTable {
  bill_id: string;
  decision: 'approved' | 'rejected';
  reason: string;
  decided_by: string;
  decided_at: string;
}

/** A credit note (退补) on a released bill, issued with the bill that replaces it (append-only). */
export interface CreditNoteTable {
  id: string;
  bill_id: string;
  new_bill_id: string;
  account_id: string;
  amount_fen: number;
  reason: string;
  issued_by: string;
  issued_at: string;
}

/** One bill run of a reading book and cycle: its lease (one runner at a time) and its progress. */
export interface BillRunTable {
  reading_book_id: string;
  cycle: string;
  status: 'running' | 'calculated' | 'failed';
  holder: string;
  lease_expires_at: string;
  /** Last account billed, in account-id order: a resumed run continues after it. */
  cursor: string;
  accounts_total: number;
  accounts_done: number;
  started_by: string;
  started_at: string;
  finished_at: string | null;
  error: string | null;
}

export interface BillingTables {
  tariffs: TariffTable;
  tariff_versions: TariffVersionTable;
  bill_line_meta: BillLineMetaTable;
  bill_determinants: BillDeterminantTable;
  bills: BillTable;
  bill_audit_results: BillAuditResultTable;
  bill_audit_decisions: BillAuditDecisionTable;
  credit_notes: CreditNoteTable;
  bill_runs: BillRunTable;
}
