/**
 * Calendar dates as whole day numbers (days since 1970-01-01) so that periods, prorations and
 * effective dates compare and subtract as integers. Dates are local business dates, `YYYY-MM-DD`.
 */
const MS_PER_DAY = 86_400_000;
const DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

/** `YYYY-MM-DD` → day number; throws RangeError for a malformed or impossible date. */
export function dayNumber(date: string): number {
  const m = DATE.exec(date);
  if (!m) throw new RangeError(`"${date}" is not a YYYY-MM-DD date`);
  const y = Number(m[1]);
  const mo = Number(m[2]);
  const d = Number(m[3]);
  const ms = Date.UTC(y, mo - 1, d);
  const back = new Date(ms);
  if (back.getUTCMonth() !== mo - 1 || back.getUTCDate() !== d) throw new RangeError(`"${date}" is not a calendar date`);
  return ms / MS_PER_DAY;
}

/** True when `date` is a real `YYYY-MM-DD` calendar date. */
export function isCalendarDate(date: string): boolean {
  try {
    dayNumber(date);
    return true;
  } catch {
    return false;
  }
}

/** Year, month (1–12) and day of a day number. */
export function dayParts(day: number): { year: number; month: number; day: number } {
  const d = new Date(day * MS_PER_DAY);
  return { year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
}

/** Day number of the first day of a month. */
export function monthStartDay(year: number, month: number): number {
  return Date.UTC(year, month - 1, 1) / MS_PER_DAY;
}

/**
 * Whole months from `from` to `to` when `to` falls on the same day of the month as `from`
 * (a reading-day to reading-day period), else 0.
 */
export function wholeMonthsBetween(from: number, to: number): number {
  const a = dayParts(from);
  const b = dayParts(to);
  if (a.day !== b.day) return 0;
  const months = (b.year - a.year) * 12 + (b.month - a.month);
  return months > 0 ? months : 0;
}
