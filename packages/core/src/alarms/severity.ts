import type { Issue } from '../errors/error-codes.ts';

/** Alarm severities, least to most urgent. */
export const SEVERITIES = ['info', 'minor', 'major', 'critical'] as const;
export type Severity = (typeof SEVERITIES)[number];

export const severityRank = (s: Severity): number => SEVERITIES.indexOf(s);

/** One step of a rule's scale: a measured value reaching `threshold` has this severity. */
export interface SeverityLevel {
  severity: Severity;
  threshold: number;
}

/** The most severe level whose threshold the value reaches (value ≥ threshold). */
export function levelAtOrAbove(levels: readonly SeverityLevel[], value: number): Severity | undefined {
  let best: Severity | undefined;
  for (const l of levels) {
    if (value >= l.threshold && (!best || severityRank(l.severity) > severityRank(best))) best = l.severity;
  }
  return best;
}

/** The most severe level whose threshold the value falls below (value < threshold), for rates that must stay high. */
export function levelBelow(levels: readonly SeverityLevel[], value: number): Severity | undefined {
  let best: Severity | undefined;
  for (const l of levels) {
    if (value < l.threshold && (!best || severityRank(l.severity) > severityRank(best))) best = l.severity;
  }
  return best;
}

/** Every problem with a severity given as data. */
export function severityIssues(value: unknown, path: string): Issue[] {
  return SEVERITIES.includes(value as Severity) ? [] : [{ path, message: `must be one of ${SEVERITIES.join(', ')}` }];
}

/** Every problem with a list of severity levels given as data. */
export function levelsIssues(value: unknown, path: string): Issue[] {
  if (!Array.isArray(value) || value.length === 0) return [{ path, message: 'must be a non-empty list of levels' }];
  return value.flatMap((l: Partial<SeverityLevel>, i) => [
    ...severityIssues(l?.severity, `${path}/${i}/severity`),
    ...(typeof l?.threshold === 'number' && Number.isFinite(l.threshold)
      ? []
      : [{ path: `${path}/${i}/threshold`, message: 'must be a finite number' }]),
  ]);
}
