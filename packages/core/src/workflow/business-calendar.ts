import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import { addDays, DEFAULT_ZONE, localToInstant, zoneOffsetMinutes } from '../time/zone.ts';
import { MS_PER_DAY, MS_PER_HOUR, MS_PER_MINUTE, unitMs, type Duration } from './duration.ts';

export const WEEKDAY_KEYS = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'] as const;
export type WeekdayKey = (typeof WEEKDAY_KEYS)[number];

/**
 * The business calendar as data. Working hours are local wall-clock ranges such as "08:30-12:00";
 * two ranges on one day model the lunch break. Holidays are days off; adjusted working days (调休)
 * are weekend days worked instead, with `adjustedWorkdayHours` (Monday's hours when absent).
 */
export interface BusinessCalendarData {
  zone?: string;
  workingHours: Partial<Record<WeekdayKey, string[]>>;
  holidays: string[];
  adjustedWorkdays?: string[];
  adjustedWorkdayHours?: string[];
}

/** A calendar search never walks further than this many days (a year and a bit, holidays included). */
export const CALENDAR_SCAN_DAYS_MAX = 400;
const DATE = /^\d{4}-(0[1-9]|1[0-2])-(0[1-9]|[12]\d|3[01])$/;
const RANGE = /^([01]\d|2[0-3]):([0-5]\d)-([01]\d|2[0-4]):([0-5]\d)$/;

type Range = readonly [startMin: number, endMin: number];

function parseRange(text: string): Range | undefined {
  const m = RANGE.exec(text);
  if (!m) return undefined;
  const start = Number(m[1]) * 60 + Number(m[2]);
  const end = Number(m[3]) * 60 + Number(m[4]);
  return end > start && end <= 1440 ? [start, end] : undefined;
}

function rangesIssues(list: unknown, path: string): Issue[] {
  if (!Array.isArray(list)) return [{ path, message: 'must be a list of "HH:MM-HH:MM" ranges' }];
  const issues: Issue[] = [];
  let lastEnd = -1;
  list.forEach((text, i) => {
    const r = typeof text === 'string' ? parseRange(text) : undefined;
    if (!r) issues.push({ path: `${path}/${i}`, message: 'must be "HH:MM-HH:MM" with end after start' });
    else if (r[0] < lastEnd) issues.push({ path: `${path}/${i}`, message: 'ranges must be in order, not overlapping' });
    else lastEnd = r[1];
  });
  return issues;
}

/** Every problem in calendar data at once (empty when valid). */
export function businessCalendarIssues(data: unknown): Issue[] {
  if (typeof data !== 'object' || data === null) return [{ path: '', message: 'must be an object' }];
  const d = data as Record<string, unknown>;
  const issues: Issue[] = [];
  if (d.zone !== undefined) {
    try {
      if (typeof d.zone !== 'string') throw new Error();
      new Intl.DateTimeFormat('en-US', { timeZone: d.zone });
    } catch {
      issues.push({ path: '/zone', message: 'must be an IANA time zone such as Asia/Shanghai' });
    }
  }
  const hours = d.workingHours;
  if (typeof hours !== 'object' || hours === null) issues.push({ path: '/workingHours', message: 'must be an object' });
  else {
    for (const [key, list] of Object.entries(hours)) {
      if (!WEEKDAY_KEYS.includes(key as WeekdayKey)) issues.push({ path: `/workingHours/${key}`, message: 'unknown day' });
      else issues.push(...rangesIssues(list, `/workingHours/${key}`));
    }
  }
  for (const field of ['holidays', 'adjustedWorkdays'] as const) {
    const list = d[field];
    if (list === undefined && field === 'adjustedWorkdays') continue;
    if (!Array.isArray(list)) issues.push({ path: `/${field}`, message: 'must be a list of YYYY-MM-DD dates' });
    else
      list.forEach((v, i) => {
        if (typeof v !== 'string' || !DATE.test(v)) issues.push({ path: `/${field}/${i}`, message: 'must be YYYY-MM-DD' });
      });
  }
  if (d.adjustedWorkdayHours !== undefined) issues.push(...rangesIssues(d.adjustedWorkdayHours, '/adjustedWorkdayHours'));
  return issues;
}

/** Working intervals of one local day as absolute instants (ms), in order. */
interface DayPlan {
  intervals: readonly (readonly [number, number])[];
}

/**
 * Answers "when is N working minutes/hours/days after this instant" and "how much working time lies
 * between two instants" for one calendar. Pure: it caches day plans but never reads the clock.
 */
export class BusinessCalendar {
  readonly zone: string;
  private readonly weekRanges: readonly (readonly Range[])[];
  private readonly adjustedRanges: readonly Range[];
  private readonly holidays: ReadonlySet<string>;
  private readonly adjusted: ReadonlySet<string>;
  private readonly days = new Map<string, DayPlan>();
  private readonly offsets = new Map<number, number>();

  /** Validates the data (every problem at once) and builds the calendar. */
  constructor(data: BusinessCalendarData) {
    assertNoIssues(businessCalendarIssues(data), 'business calendar');
    this.zone = data.zone ?? DEFAULT_ZONE;
    const ranges = (list: string[] | undefined): Range[] => (list ?? []).map((t) => parseRange(t) as Range);
    this.weekRanges = WEEKDAY_KEYS.map((k) => ranges(data.workingHours[k]));
    this.adjustedRanges = data.adjustedWorkdayHours ? ranges(data.adjustedWorkdayHours) : this.weekRanges[1];
    this.holidays = new Set(data.holidays);
    this.adjusted = new Set(data.adjustedWorkdays ?? []);
  }

  /** The local calendar date (`YYYY-MM-DD`) of an instant in this calendar's zone. */
  dateOf(ms: number): string {
    // Zone offsets change at most at whole hours in practice, so one lookup per UTC hour is enough.
    const hour = Math.floor(ms / MS_PER_HOUR);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      offset = zoneOffsetMinutes(new Date(hour * MS_PER_HOUR), this.zone);
      this.offsets.set(hour, offset);
    }
    return new Date(ms + offset * MS_PER_MINUTE).toISOString().slice(0, 10);
  }

  /** Whether the local date has any working hours (holidays off, 调休 days on). */
  isWorkingDay(date: string): boolean {
    return this.plan(date).intervals.length > 0;
  }

  private plan(date: string): DayPlan {
    let p = this.days.get(date);
    if (p) return p;
    const [y, m, d] = date.split('-').map(Number);
    const weekday = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
    const ranges = this.holidays.has(date) ? [] : this.adjusted.has(date) ? this.adjustedRanges : this.weekRanges[weekday];
    const intervals = ranges.map(
      ([a, b]) => [localToInstant(date, a, this.zone).getTime(), localToInstant(date, b, this.zone).getTime()] as const,
    );
    p = { intervals };
    this.days.set(date, p);
    return p;
  }

  /** The instant reached after `workMs` of working time from `start` (start itself when 0). */
  addWorkingMs(start: Date, workMs: number): Date {
    if (workMs <= 0) return new Date(start);
    let remaining = workMs;
    const pos = start.getTime();
    let date = this.dateOf(pos);
    for (let i = 0; i < CALENDAR_SCAN_DAYS_MAX; i++, date = addDays(date, 1)) {
      for (const [a, b] of this.plan(date).intervals) {
        if (b <= pos) continue;
        const from = Math.max(a, pos);
        if (remaining <= b - from) return new Date(from + remaining);
        remaining -= b - from;
      }
    }
    throw new RangeError(`no working time within ${CALENDAR_SCAN_DAYS_MAX} days of ${start.toISOString()}`);
  }

  /** Close of business on the n-th working day after the local date of `start` (start itself when n is 0). */
  addWorkingDays(start: Date, n: number): Date {
    if (n <= 0) return new Date(start);
    let date = this.dateOf(start.getTime());
    for (let i = 0, found = 0; i < CALENDAR_SCAN_DAYS_MAX; i++) {
      date = addDays(date, 1);
      const iv = this.plan(date).intervals;
      if (iv.length > 0 && ++found === n) return new Date(iv[iv.length - 1][1]);
    }
    throw new RangeError(`fewer than ${n} working days within ${CALENDAR_SCAN_DAYS_MAX} days`);
  }

  /** Working time (ms) between two instants; 0 when `to` is not after `from`. */
  workingMsBetween(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (b <= a) return 0;
    let total = 0;
    const last = this.dateOf(b);
    let date = this.dateOf(a);
    for (let i = 0; i < CALENDAR_SCAN_DAYS_MAX * 10; i++, date = addDays(date, 1)) {
      for (const [s, e] of this.plan(date).intervals) total += Math.max(0, Math.min(e, b) - Math.max(s, a));
      if (date === last) return total;
    }
    throw new RangeError('span too long for the business calendar');
  }

  /** `start` plus a configured duration, in working or calendar time. */
  add(start: Date, d: Duration): Date {
    if (d.basis === 'calendar') {
      if (d.unit !== 'days') return new Date(start.getTime() + d.amount * unitMs(d.unit));
      // Calendar days keep the local time of day, which matters only in zones with daylight saving.
      const ms = start.getTime();
      const local = ms + zoneOffsetMinutes(start, this.zone) * MS_PER_MINUTE;
      const dayMs = ((local % MS_PER_DAY) + MS_PER_DAY) % MS_PER_DAY;
      const minuteOfDay = Math.floor(dayMs / MS_PER_MINUTE);
      const target = localToInstant(addDays(this.dateOf(ms), d.amount), minuteOfDay, this.zone).getTime();
      return new Date(target + (dayMs % MS_PER_MINUTE));
    }
    if (d.unit === 'days') return this.addWorkingDays(start, d.amount);
    return this.addWorkingMs(start, d.amount * unitMs(d.unit));
  }

  /** Time elapsed between two instants on a basis (ms); 0 when `to` is not after `from`. */
  elapsedMs(from: Date, to: Date, basis: Duration['basis']): number {
    return basis === 'working' ? this.workingMsBetween(from, to) : Math.max(0, to.getTime() - from.getTime());
  }
}
