/**
 * Business rules run in the service territory's zone (Asia/Shanghai by default) while storage is
 * UTC. These helpers convert between an instant and the local calendar date and time of day.
 */
export const DEFAULT_ZONE = 'Asia/Shanghai';

export interface LocalParts {
  year: number;
  month: number; // 1-12
  day: number;
  hour: number;
  minute: number;
  second: number;
  weekday: number; // 0 = Sunday
}

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(zone: string): Intl.DateTimeFormat {
  let f = formatters.get(zone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', {
      timeZone: zone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
      weekday: 'short',
    });
    formatters.set(zone, f);
  }
  return f;
}

const WEEKDAYS: Record<string, number> = { Sun: 0, Mon: 1, Tue: 2, Wed: 3, Thu: 4, Fri: 5, Sat: 6 };

/** The calendar fields of an instant as seen in `zone`. */
export function localParts(instant: Date, zone: string = DEFAULT_ZONE): LocalParts {
  const out: Record<string, string> = {};
  for (const p of formatter(zone).formatToParts(instant)) out[p.type] = p.value;
  return {
    year: Number(out.year),
    month: Number(out.month),
    day: Number(out.day),
    hour: Number(out.hour),
    minute: Number(out.minute),
    second: Number(out.second),
    weekday: WEEKDAYS[out.weekday],
  };
}

/** The local calendar date of an instant, as `YYYY-MM-DD`. */
export function localDate(instant: Date, zone: string = DEFAULT_ZONE): string {
  const p = localParts(instant, zone);
  return `${p.year}-${String(p.month).padStart(2, '0')}-${String(p.day).padStart(2, '0')}`;
}

/** The UTC offset of `zone` at `instant`, in minutes (Asia/Shanghai: +480). */
export function zoneOffsetMinutes(instant: Date, zone: string = DEFAULT_ZONE): number {
  const p = localParts(instant, zone);
  const asUtc = Date.UTC(p.year, p.month - 1, p.day, p.hour, p.minute, p.second);
  return Math.round((asUtc - Math.floor(instant.getTime() / 1000) * 1000) / 60000);
}

/** The instant at which local wall-clock time `date` (`YYYY-MM-DD`) + `minutes` occurs in `zone`. */
export function localToInstant(date: string, minutes = 0, zone: string = DEFAULT_ZONE): Date {
  const [y, m, d] = date.split('-').map(Number);
  const guess = Date.UTC(y, m - 1, d, 0, minutes);
  const offset = zoneOffsetMinutes(new Date(guess), zone);
  const first = guess - offset * 60000;
  const offset2 = zoneOffsetMinutes(new Date(first), zone);
  return new Date(guess - offset2 * 60000);
}

/** Adds whole days to a `YYYY-MM-DD` date. */
export function addDays(date: string, days: number): string {
  const [y, m, d] = date.split('-').map(Number);
  return new Date(Date.UTC(y, m - 1, d + days)).toISOString().slice(0, 10);
}

/** Days in the month of a `YYYY-MM` or `YYYY-MM-DD` value. */
export function daysInMonth(yearMonth: string): number {
  const [y, m] = yearMonth.split('-').map(Number);
  return new Date(Date.UTC(y, m, 0)).getUTCDate();
}
