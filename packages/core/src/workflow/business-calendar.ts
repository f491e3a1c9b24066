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
/** Working time is measured over at most this many days (about ten years). */
export const SPAN_DAYS_MAX = 4000;
/** Cached day plans; the cache starts over when full, which only costs recomputation. */
const DAY_CACHE_MAX = 20_000;
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
      if (!WEEKDAY_KEYS.includes(key as WeekdayKey))
        issues.push({ path: `/workingHours/${key}`, message: 'unknown day' });
      else issues.push(...rangesIssues(list, `/workingHours/${key}`));
    }
  }
  for (const field of ['holidays', 'adjustedWorkdays'] as const) {
    const list = d[field];
    if (list === undefined && field === 'adjustedWorkdays') continue;
    if (!Array.isArray(list)) issues.push({ path: `/${field}`, message: 'must be a list of YYYY-MM-DD dates' });
    else
      list.forEach((v, i) => {
        if (typeof v !== 'string' || !DATE.test(v))
          issues.push({ path: `/${field}/${i}`, message: 'must be YYYY-MM-DD' });
      });
  }
  if (d.adjustedWorkdayHours !== undefined)
    issues.push(...rangesIssues(d.adjustedWorkdayHours, '/adjustedWorkdayHours'));
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
  private readonly days = new Map<number, DayPlan>();
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

  /** The local day number (days since 1970-01-01 in this zone) of an instant. */
  private dayOf(ms: number): number {
    // Zone offsets change at most at whole hours in practice, so one lookup per UTC hour is enough.
    const hour = Math.floor(ms / MS_PER_HOUR);
    let offset = this.offsets.get(hour);
    if (offset === undefined) {
      offset = zoneOffsetMinutes(new Date(hour * MS_PER_HOUR), this.zone);
      this.offsets.set(hour, offset);
    }
    return Math.floor((ms + offset * MS_PER_MINUTE) / MS_PER_DAY);
  }

  /** The local calendar date (`YYYY-MM-DD`) of an instant in this calendar's zone. */
  dateOf(ms: number): string {
    return new Date(this.dayOf(ms) * MS_PER_DAY).toISOString().slice(0, 10);
  }

  /** Whether the local date has any working hours (holidays off, 调休 days on). */
  isWorkingDay(date: string): boolean {
    return this.plan(Date.parse(`${date}T00:00:00Z`) / MS_PER_DAY).intervals.length > 0;
  }

  private plan(day: number): DayPlan {
    let p = this.days.get(day);
    if (p) return p;
    if (this.days.size >= DAY_CACHE_MAX) this.days.clear();
    const date = new Date(day * MS_PER_DAY).toISOString().slice(0, 10);
    const weekday = (((day + 4) % 7) + 7) % 7; // 1970-01-01 was a Thursday
    const ranges = this.holidays.has(date)
      ? []
      : this.adjusted.has(date)
        ? this.adjustedRanges
        : this.weekRanges[weekday];
    const intervals = ranges.map(
      ([a, b]) => [localToInstant(date, a, this.zone).getTime(), localToInstant(date, b, this.zone).getTime()] as const,
    );
    p = { intervals };
    this.days.set(day, p);
    return p;
  }

  /** The instant reached after `workMs` of working time from `start` (start itself when 0). */
  addWorkingMs(start: Date, workMs: number): Date {
    if (workMs <= 0) return new Date(start);
    let remaining = workMs;
    const pos = start.getTime();
    const first = this.dayOf(pos);
    for (let day = first; day < first + CALENDAR_SCAN_DAYS_MAX; day++) {
      for (const [a, b] of this.plan(day).intervals) {
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
    const first = this.dayOf(start.getTime());
    for (let day = first + 1, found = 0; day <= first + CALENDAR_SCAN_DAYS_MAX; day++) {
      const iv = this.plan(day).intervals;
      if (iv.length > 0 && ++found === n) return new Date(iv[iv.length - 1][1]);
    }
    throw new RangeError(`fewer than ${n} working days within ${CALENDAR_SCAN_DAYS_MAX} days`);
  }

  /** Working time (ms) between two instants; 0 when `to` is not after `from`. */
  workingMsBetween(from: Date, to: Date): number {
    const a = from.getTime();
    const b = to.getTime();
    if (b <= a) return 0;
    const last = this.dayOf(b);
    if (last - this.dayOf(a) > SPAN_DAYS_MAX) throw new RangeError('span too long for the business calendar');
    let total = 0;
    for (let day = this.dayOf(a); day <= last; day++) {
      for (const [s, e] of this.plan(day).intervals) total += Math.max(0, Math.min(e, b) - Math.max(s, a));
    }
    return total;
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
