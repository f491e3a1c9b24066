/**
 * Calendar dates as whole day numbers (days since 1970-01-01) so that periods, prorations and
 * effective dates compare and subtract as integers. Dates are local business dates, `YYYY-MM-DD`.
 */
const MS_PER_DAY = 86_400_000;
const ZERO = 48;

/** Days since 1970-01-01 of a proleptic Gregorian date (integer arithmetic, no Date object). */
export function civilToDay(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month + (month > 2 ? -3 : 9)) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

const isLeap = (y: number): boolean => (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0;
const MONTH_DAYS = [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];

/** Days in `month` (1–12) of `year`. */
export const monthLength = (year: number, month: number): number =>
  month === 2 && isLeap(year) ? 29 : MONTH_DAYS[month - 1];

function digit(s: string, i: number): number {
  const c = s.charCodeAt(i) - ZERO;
  return c >= 0 && c <= 9 ? c : NaN;
}

/**
 * `YYYY-MM-DD` → day number; throws RangeError for a malformed or impossible date. Parsed by
 * character codes because bulk billing calls it twice per bill.
 */
export function dayNumber(date: string): number {
  const y = digit(date, 0) * 1000 + digit(date, 1) * 100 + digit(date, 2) * 10 + digit(date, 3);
  const m = digit(date, 5) * 10 + digit(date, 6);
  const d = digit(date, 8) * 10 + digit(date, 9);
  if (
    date.length !== 10 ||
    date[4] !== '-' ||
    date[7] !== '-' ||
    !(m >= 1 && m <= 12) ||
    !(d >= 1 && d <= monthLength(y, m))
  ) {
    throw new RangeError(`"${date}" is not a YYYY-MM-DD calendar date`);
  }
  return civilToDay(y, m, d);
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
  return civilToDay(year, month, 1);
}

function monthIndex(date: string): number {
  return Number(date.slice(0, 4)) * 12 + Number(date.slice(5, 7));
}

/**
 * Whole months from `from` to `to` (valid `YYYY-MM-DD` dates) when `to` falls on the same day of
 * the month as `from` (a reading-day to reading-day period), else 0.
 */
export function wholeMonthsBetween(from: string, to: string): number {
  if (from.charCodeAt(8) !== to.charCodeAt(8) || from.charCodeAt(9) !== to.charCodeAt(9)) return 0;
  const months = monthIndex(to) - monthIndex(from);
  return months > 0 ? months : 0;
}
