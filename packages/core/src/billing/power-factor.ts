import type { Issue } from '../errors/error-codes.ts';
import { parseScaled } from '../units/money.ts';

/**
 * Monthly power factor P / √(P² + Q²) in hundredths, rounded half-up, decided exactly: the float
 * estimate is checked against the rounding boundaries in integer arithmetic. Undefined when P = Q = 0.
 */
export function powerFactorHundredths(activeWh: number, reactiveVarh: number): number | undefined {
  if (activeWh <= 0 && reactiveVarh === 0) return undefined;
  if (activeWh <= 0) return 0;
  const p = Math.abs(activeWh);
  const q = Math.abs(reactiveVarh);
  let c = Math.round((100 * p) / Math.sqrt(p * p + q * q));
  const P = BigInt(p);
  const S2 = P * P + BigInt(q) * BigInt(q);
  const lhs = 40_000n * P * P; // (200·P)²
  // pf ≥ (c − 0.5)/100  ⟺  (200P)² ≥ (2c − 1)²·(P² + Q²)
  while (c > 0 && lhs < BigInt(2 * c - 1) ** 2n * S2) c--;
  while (lhs >= BigInt(2 * c + 1) ** 2n * S2) c++;
  return c;
}

/** One standard's adjustment table, as written in the tariff. */
export interface PfTableDocument {
  /** Rows "pf ≥ atLeast → percent", highest pf first; at or above the standard. */
  credits: { atLeast: string; percent: string }[];
  /** Bands below the standard: d = standard − pf (hundredths) > belowByHundredths → base + per × (d − that). */
  penalties: { belowByHundredths: number; basePercent: string; percentPerHundredth: string }[];
}

/** A table in integer hundredths (pf) and basis points (percent). */
export interface CompiledPfTable {
  standard: number;
  credits: { atLeast: number; bp: number }[];
  penalties: { over: number; baseBp: number; perBp: number }[];
}

export function compilePfTable(standard: string, t: PfTableDocument): CompiledPfTable {
  return {
    standard: parseScaled(standard, 2),
    credits: t.credits.map((r) => ({ atLeast: parseScaled(r.atLeast, 2), bp: parseScaled(r.percent, 2) })),
    penalties: t.penalties.map((b) => ({
      over: b.belowByHundredths,
      baseBp: parseScaled(b.basePercent, 2),
      perBp: parseScaled(b.percentPerHundredth, 2),
    })),
  };
}

/** Adjustment in basis points of the base for power factor `pf` (hundredths); negative = credit. */
export function pfAdjustmentBp(t: CompiledPfTable, pf: number): number {
  if (pf >= t.standard) {
    for (const row of t.credits) if (pf >= row.atLeast) return row.bp;
    return 0;
  }
  const below = t.standard - pf;
  let band = t.penalties[0];
  for (const b of t.penalties) if (below > b.over) band = b;
  return band.baseBp + band.perBp * (below - band.over);
}

/** Table rules: credits ordered and never smaller credit at a higher pf; penalty bands continuous. */
export function checkPfTable(standard: string, t: PfTableDocument, path: string): Issue[] {
  const c = compilePfTable(standard, t);
  const issues: Issue[] = [];
  c.credits.forEach((row, i) => {
    const p = `${path}/credits/${i}`;
    if (row.atLeast < c.standard) issues.push({ path: `${p}/atLeast`, message: `below the standard ${standard}` });
    if (row.bp > 0) issues.push({ path: `${p}/percent`, message: 'a credit row must not be positive' });
    const prev = c.credits[i - 1];
    if (prev && row.atLeast >= prev.atLeast)
      issues.push({ path: `${p}/atLeast`, message: 'rows must go from the highest pf down' });
    if (prev && row.bp < prev.bp)
      issues.push({ path: `${p}/percent`, message: 'a lower pf may not earn a larger credit' });
  });
  if (c.penalties.length === 0) issues.push({ path: `${path}/penalties`, message: 'at least one band is needed' });
  c.penalties.forEach((b, i) => {
    const p = `${path}/penalties/${i}`;
    const prev = c.penalties[i - 1];
    if (!prev && b.over !== 0)
      issues.push({ path: `${p}/belowByHundredths`, message: 'the first band must start at 0' });
    if (prev && b.over <= prev.over)
      issues.push({ path: `${p}/belowByHundredths`, message: 'bands must start further below the standard' });
    if (prev && b.baseBp !== prev.baseBp + prev.perBp * (b.over - prev.over)) {
      issues.push({ path: `${p}/basePercent`, message: 'does not continue the previous band' });
    }
    if (b.perBp < 0) issues.push({ path: `${p}/percentPerHundredth`, message: 'must not be negative' });
  });
  return issues;
}
