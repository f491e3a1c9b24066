import type { LimitQuantity, PqLimit, PqLimitSet } from './limit-set.ts';
import { percentile } from './percentile.ts';

/**
 * The statistics a limit set is judged on. Scalar series hold 10-minute values (frequency: 10-second
 * values) of every phase; `harmonicPct[n]` holds order n in % of the fundamental.
 */
export interface PqStatistics {
  phaseCount: number;
  series: Partial<
    Record<Exclude<LimitQuantity, 'harmonicPct' | 'oddHarmonicPct' | 'evenHarmonicPct'>, ArrayLike<number>>
  >;
  harmonicPct?: Record<number, ArrayLike<number>>;
}

export interface ComplianceRow {
  quantity: LimitQuantity;
  order?: number;
  percentile: number;
  min?: number;
  max?: number;
  /** The upper percentile value (and the lower one, for two-sided limits). */
  valueAtPercentile: number;
  lowerValueAtPercentile?: number;
  observedMax: number;
  count: number;
  /** null when there was nothing to judge. */
  pass: boolean | null;
  source: string;
}

export interface ComplianceResult {
  limitSetId: string;
  rows: ComplianceRow[];
  /** False if any row fails; null if no row could be judged. */
  compliant: boolean | null;
}

const round = (v: number): number => (Number.isFinite(v) ? Math.round(v * 1e4) / 1e4 : v);

/** Judges statistics against a limit set: each limit's percentile of the values against its bounds. */
export function evaluateCompliance(stats: PqStatistics, set: PqLimitSet): ComplianceResult {
  const system = stats.phaseCount >= 3 ? 'three-phase' : 'single-phase';
  const rows = set.limits.filter((l) => !l.appliesTo || l.appliesTo === system).flatMap((l) => rowsFor(l, stats));
  const judged = rows.filter((r) => r.pass !== null);
  return {
    limitSetId: set.id,
    rows,
    compliant: judged.length === 0 ? null : judged.every((r) => r.pass),
  };
}

function rowsFor(limit: PqLimit, stats: PqStatistics): ComplianceRow[] {
  if (limit.quantity === 'harmonicPct') return [judge(limit, stats.harmonicPct?.[limit.order ?? -1] ?? [])];
  if (limit.quantity === 'oddHarmonicPct' || limit.quantity === 'evenHarmonicPct') {
    const parity = limit.quantity === 'oddHarmonicPct' ? 1 : 0;
    const orders = Object.keys(stats.harmonicPct ?? {})
      .map(Number)
      .filter((n) => n >= 2 && n % 2 === parity);
    if (orders.length === 0) return [judge(limit, [])];
    // One row for the worst order keeps the report readable; the order is named.
    const all = orders.map((n) => ({ ...judge(limit, stats.harmonicPct![n]), order: n }));
    return [all.reduce((w, r) => (r.valueAtPercentile > w.valueAtPercentile ? r : w))];
  }
  return [judge(limit, stats.series[limit.quantity] ?? [])];
}

function judge(limit: PqLimit, values: ArrayLike<number>): ComplianceRow {
  const upper = percentile(values, limit.percentile);
  const twoSided = limit.min !== undefined;
  const lower = twoSided ? percentile(values, 100 - limit.percentile) : undefined;
  const observedMax = percentile(values, 100);
  const count = Array.from(values).filter(Number.isFinite).length;
  let pass: boolean | null = null;
  if (count > 0) {
    pass =
      (limit.max === undefined || upper <= limit.max) &&
      (limit.min === undefined || (lower as number) >= limit.min) &&
      (limit.absoluteMax === undefined || observedMax <= limit.absoluteMax);
  }
  return {
    quantity: limit.quantity,
    ...(limit.order !== undefined ? { order: limit.order } : {}),
    percentile: limit.percentile,
    ...(limit.min !== undefined ? { min: limit.min } : {}),
    ...(limit.max !== undefined ? { max: limit.max } : {}),
    valueAtPercentile: round(upper),
    ...(lower !== undefined ? { lowerValueAtPercentile: round(lower) } : {}),
    observedMax: round(observedMax),
    count,
    pass,
    source: limit.source,
  };
}
