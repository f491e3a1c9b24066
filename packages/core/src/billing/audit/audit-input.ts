/** What the automatic bill audit (电费审核) looks at for one bill. */
export interface AuditInput {
  customerClass: string;
  energyWh: number;
  totalFen: number;
  estimated: boolean;
  /**
   * The bill's lines, to catch negative lines that are not credits: objects, or a calculator's
   * line columns (`BillLines`) so that bulk audits build no object per line.
   */
  lines: readonly AuditLine[] | AuditLineColumns;
  /** Energy of the account's previous cycle and of the same cycle a year before, when billed. */
  lastMonthWh?: number;
  sameMonthLastYearWh?: number;
  /** The tariff or the multiplier (综合倍率) changed inside or since the previous period. */
  tariffChanged: boolean;
  multiplierChanged: boolean;
}

/** What the audit reads of a line. */
export interface AuditLine {
  category: string;
  quantity: number;
  amount: number;
}

/** Lines in columns, as `BillLines` holds them. */
export interface AuditLineColumns {
  readonly length: number;
  readonly kind: readonly { readonly category: string }[];
  readonly quantity: readonly number[];
  readonly amount: readonly number[];
}

/** Audit thresholds: data with defaults (check), never constants in the rules. */
export interface AuditThresholds {
  /** A change in energy beyond this percentage (up or down) goes to the manual queue. */
  changePercent: number;
  /** Changes are not judged when the reference energy is below this (tiny bases swing wildly). */
  changeMinReferenceWh: number;
  /** A bill total at or above this (fen) for the class goes to the manual queue; `default` otherwise. */
  largeAmountFen: Readonly<Record<string, number>>;
}

export const AUDIT_THRESHOLDS_DEFAULT: AuditThresholds = {
  changePercent: 50,
  changeMinReferenceWh: 20_000,
  largeAmountFen: { residential: 100_000, commercial: 2_000_000, default: 20_000_000 },
};

/** Why a bill was held: a stable rule code and the figures behind it. */
export interface AuditReason {
  rule: AuditRuleCode;
  /** Figures for the message, e.g. { percent: 84, referenceWh: 150000 }. */
  params: Record<string, number | string>;
}

export const AUDIT_RULE_CODES = [
  'zeroUse',
  'changeVsLastMonth',
  'changeVsLastYear',
  'estimatedRead',
  'largeAmount',
  'negativeLine',
  'tariffChanged',
  'multiplierChanged',
] as const;
export type AuditRuleCode = (typeof AUDIT_RULE_CODES)[number];
