import { assertNoIssues, type Issue } from '../../errors/error-codes.ts';
import data from './pq-limit-sets.json' with { type: 'json' };

/** Quantities a limit can be set on; each is a series of 10-minute (frequency: 10-second) values. */
export const LIMIT_QUANTITIES = [
  'frequencyDeviationHz',
  'voltageDeviationPct',
  'voltageThdPct',
  'harmonicPct',
  'oddHarmonicPct',
  'evenHarmonicPct',
  'unbalancePct',
  'plt',
] as const;
export type LimitQuantity = (typeof LIMIT_QUANTITIES)[number];

export interface PqLimit {
  quantity: LimitQuantity;
  /** Only for `harmonicPct`: the harmonic order the limit is for. */
  order?: number;
  min?: number;
  max?: number;
  /** Share of values (in %) that must lie within [min, max]; 95 for weekly 10-minute values. */
  percentile: number;
  /** A bound no single value may pass (e.g. unbalance 4 % short-term in GB/T 15543). */
  absoluteMax?: number;
  appliesTo?: 'single-phase' | 'three-phase';
  source: string;
}

export interface PqLimitSet {
  id: string;
  name: { zh: string; en: string };
  note: string;
  limits: PqLimit[];
}

export type LimitSetId = 'cn' | 'en50160' | 'ieee519';
export const DEFAULT_LIMIT_SET_ID: LimitSetId = 'cn';

/** Checks a limit-set document (the shipped one or one supplied by an operator), reporting every problem. */
export function parseLimitSets(doc: unknown): Map<string, PqLimitSet> {
  const issues: Issue[] = [];
  const sets = new Map<string, PqLimitSet>();
  const raw = (doc as { sets?: Record<string, unknown> })?.sets;
  if (!raw || typeof raw !== 'object') assertNoIssues([{ path: '/sets', message: 'missing' }], 'limit sets');
  for (const [id, value] of Object.entries(raw as Record<string, unknown>)) {
    const set = value as Omit<PqLimitSet, 'id'>;
    if (!Array.isArray(set?.limits)) {
      issues.push({ path: `/sets/${id}/limits`, message: 'must be an array' });
      continue;
    }
    set.limits.forEach((l, i) => {
      const path = `/sets/${id}/limits/${i}`;
      if (!LIMIT_QUANTITIES.includes(l.quantity))
        issues.push({ path: `${path}/quantity`, message: `unknown "${l.quantity}"` });
      if (l.min === undefined && l.max === undefined) issues.push({ path, message: 'needs min or max' });
      if (!(l.percentile > 0 && l.percentile <= 100))
        issues.push({ path: `${path}/percentile`, message: 'must be in (0, 100]' });
      if (l.quantity === 'harmonicPct' && !Number.isInteger(l.order))
        issues.push({ path: `${path}/order`, message: 'needs an integer order' });
    });
    sets.set(id, { id, name: set.name, note: set.note ?? '', limits: set.limits });
  }
  assertNoIssues(issues, 'limit sets');
  return sets;
}

const shipped = parseLimitSets(data);

/** The shipped limit sets: `cn` (default), `en50160`, `ieee519`. */
export function getLimitSet(id: string = DEFAULT_LIMIT_SET_ID): PqLimitSet {
  const set = shipped.get(id);
  if (!set) {
    assertNoIssues(
      [{ path: '/limitSet', message: `unknown "${id}"; known: ${[...shipped.keys()].join(', ')}` }],
      'limit set',
    );
  }
  return set as PqLimitSet;
}

export const limitSetIds = (): string[] => [...shipped.keys()];
