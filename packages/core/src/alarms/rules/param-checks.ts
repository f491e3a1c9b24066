import type { Issue } from '../../errors/error-codes.ts';

/** The params as a record, or an issue when they are not an object. */
export function asParams(params: unknown, path: string, issues: Issue[]): Record<string, unknown> {
  if (typeof params !== 'object' || params === null || Array.isArray(params)) {
    issues.push({ path, message: 'params must be an object' });
    return {};
  }
  return params as Record<string, unknown>;
}

/** Adds an issue unless `value` is a number within [min, max] (an integer when asked). */
export function checkNumber(
  value: unknown,
  path: string,
  issues: Issue[],
  opts: { min?: number; max?: number; integer?: boolean; optional?: boolean } = {},
): void {
  if (value === undefined && opts.optional) return;
  const ok =
    typeof value === 'number' &&
    Number.isFinite(value) &&
    (opts.min === undefined || value >= opts.min) &&
    (opts.max === undefined || value <= opts.max) &&
    (!opts.integer || Number.isInteger(value));
  if (!ok) {
    const range = `${opts.min ?? '-∞'}..${opts.max ?? '∞'}`;
    issues.push({ path, message: `must be ${opts.integer ? 'an integer' : 'a number'} in ${range}` });
  }
}

/** Adds an issue unless `value` is one of `allowed`. */
export function checkOneOf(
  value: unknown,
  allowed: readonly string[],
  path: string,
  issues: Issue[],
  optional = false,
): void {
  if (value === undefined && optional) return;
  if (!allowed.includes(value as string)) issues.push({ path, message: `must be one of ${allowed.join(', ')}` });
}
