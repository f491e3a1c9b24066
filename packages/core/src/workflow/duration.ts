import type { Issue } from '../errors/error-codes.ts';

/** Whether a limit counts every minute (calendar) or only the business calendar's working time. */
export type TimeBasis = 'working' | 'calendar';
export type DurationUnit = 'minutes' | 'hours' | 'days';

/** A span of time as configured in data, e.g. 2 working days or 90 calendar minutes. */
export interface Duration {
  amount: number;
  unit: DurationUnit;
  basis: TimeBasis;
}

export const MS_PER_MINUTE = 60_000;
export const MS_PER_HOUR = 3_600_000;
export const MS_PER_DAY = 86_400_000;
/** No limit in this domain is longer than a year; longer values are typing mistakes. */
export const DURATION_AMOUNT_MAX = 366 * 24 * 60;

const UNITS: readonly DurationUnit[] = ['minutes', 'hours', 'days'];
const BASES: readonly TimeBasis[] = ['working', 'calendar'];

/** Every problem with a duration given as data, located under `path`. */
export function durationIssues(value: unknown, path: string): Issue[] {
  if (typeof value !== 'object' || value === null) return [{ path, message: 'must be an object' }];
  const d = value as Record<string, unknown>;
  const issues: Issue[] = [];
  if (typeof d.amount !== 'number' || !Number.isInteger(d.amount) || d.amount < 0 || d.amount > DURATION_AMOUNT_MAX) {
    issues.push({ path: `${path}/amount`, message: `must be an integer from 0 to ${DURATION_AMOUNT_MAX}` });
  }
  if (!UNITS.includes(d.unit as DurationUnit)) {
    issues.push({ path: `${path}/unit`, message: `must be one of ${UNITS.join(', ')}` });
  }
  if (!BASES.includes(d.basis as TimeBasis)) {
    issues.push({ path: `${path}/basis`, message: `must be one of ${BASES.join(', ')}` });
  }
  return issues;
}

/** Milliseconds in one unit of a minutes/hours duration (days have no fixed working length). */
export function unitMs(unit: DurationUnit): number {
  return unit === 'minutes' ? MS_PER_MINUTE : unit === 'hours' ? MS_PER_HOUR : MS_PER_DAY;
}
