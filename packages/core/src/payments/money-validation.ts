import type { Issue } from '../errors/error-codes.ts';

/** Adds an issue unless `value` is a positive safe integer number of fen. */
export function checkPositiveFen(issues: Issue[], path: string, value: number): void {
  if (!Number.isSafeInteger(value) || value <= 0)
    issues.push({ path, message: `must be a positive whole number of fen, got ${value}` });
}

/** Adds an issue unless `value` is a non-negative safe integer number of fen. */
export function checkNonNegativeFen(issues: Issue[], path: string, value: number): void {
  if (!Number.isSafeInteger(value) || value < 0)
    issues.push({ path, message: `must be zero or a positive whole number of fen, got ${value}` });
}

/** Adds an issue unless `value` is a non-empty string. */
export function checkText(issues: Issue[], path: string, value: string | undefined): void {
  if (typeof value !== 'string' || value.trim() === '') issues.push({ path, message: 'must not be empty' });
}

/** Adds an issue unless `value` is a `YYYY-MM-DD` calendar date. */
export function checkDate(issues: Issue[], path: string, value: string): void {
  const ms = typeof value === 'string' && /^\d{4}-\d{2}-\d{2}$/.test(value) ? Date.parse(`${value}T00:00:00Z`) : NaN;
  const ok = Number.isFinite(ms) && new Date(ms).toISOString().startsWith(value);
  if (!ok) issues.push({ path, message: `must be a date YYYY-MM-DD, got ${JSON.stringify(value)}` });
}
