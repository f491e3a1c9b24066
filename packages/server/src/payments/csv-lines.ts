import { AppError, type Issue } from '@meterflow/core';

/** Most data lines one uploaded file may hold. */
export const CSV_MAX_LINES = 100_000;

/**
 * Splits a simple CSV (no quoted commas: our formats carry none) into rows after checking the
 * header; every bad line is reported at once as `line N`.
 */
export function parseCsv(text: string, header: readonly string[], what: string): { line: number; cells: string[] }[] {
  const lines = text.replace(/^\uFEFF/, '').split(/\r?\n/);
  const got = (lines[0] ?? '').split(',').map((s) => s.trim());
  if (got.join(',') !== header.join(','))
    throw new AppError('IMPORT_REJECTED', `${what}: the first line must be ${header.join(',')}`, [
      { path: 'line 1', message: `expected header ${header.join(',')}` },
    ]);
  const rows: { line: number; cells: string[] }[] = [];
  const issues: Issue[] = [];
  for (let i = 1; i < lines.length; i++) {
    if (lines[i].trim() === '') continue;
    const cells = lines[i].split(',').map((s) => s.trim());
    if (cells.length !== header.length)
      issues.push({ path: `line ${i + 1}`, message: `${cells.length} fields, expected ${header.length}` });
    else rows.push({ line: i + 1, cells });
  }
  if (rows.length > CSV_MAX_LINES) issues.push({ path: 'file', message: `more than ${CSV_MAX_LINES} lines` });
  if (issues.length)
    throw new AppError('IMPORT_REJECTED', `${what}: ${issues.length} bad line(s), first ${issues[0].path}`, issues);
  return rows;
}

/** A whole, non-negative number of fen from a cell, or an issue for that line. */
export function fenCell(cell: string, line: number, issues: Issue[]): number {
  const n = /^\d{1,12}$/.test(cell) ? Number(cell) : NaN;
  if (!Number.isSafeInteger(n))
    issues.push({ path: `line ${line}`, message: `amount_fen "${cell}" is not a whole number of fen` });
  return n;
}
