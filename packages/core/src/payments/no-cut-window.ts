import { assertNoIssues, type Issue } from '../errors/error-codes.ts';
import { addDays, DEFAULT_ZONE, localDate, localParts, localToInstant } from '../time/zone.ts';

/**
 * When a remote trip must not be sent (不停电时段): night hours and listed holidays, in the
 * service territory's zone. All of it is data; the defaults are a (check) starting point.
 */
export interface NoCutPolicy {
  zone: string;
  /** Night window start, minutes after local midnight (e.g. 18:00 = 1080); may wrap past midnight. */
  nightStartMinute: number;
  /** Night window end, minutes after local midnight (e.g. 08:00 = 480). */
  nightEndMinute: number;
  /** Whole local days without trips: public holidays, festivals, extreme weather days. */
  holidays: readonly string[];
  /** Whether Saturdays and Sundays are no-cut days. */
  weekends: boolean;
}

export const DEFAULT_NO_CUT_POLICY: NoCutPolicy = Object.freeze({
  zone: DEFAULT_ZONE,
  nightStartMinute: 18 * 60,
  nightEndMinute: 8 * 60,
  holidays: [],
  weekends: true,
});

/** Longest stretch of no-cut days searched for the next allowed moment (e.g. a long holiday). */
export const MAX_NO_CUT_DAYS = 60;

/** Every problem in a no-cut policy at once. */
export function validateNoCutPolicy(p: NoCutPolicy): Issue[] {
  const issues: Issue[] = [];
  for (const k of ['nightStartMinute', 'nightEndMinute'] as const) {
    if (!Number.isInteger(p[k]) || p[k] < 0 || p[k] >= 1440) issues.push({ path: `/${k}`, message: 'must be 0..1439' });
  }
  p.holidays.forEach(
    (d, i) => /^\d{4}-\d{2}-\d{2}$/.test(d) || issues.push({ path: `/holidays/${i}`, message: 'must be YYYY-MM-DD' }),
  );
  return issues;
}

function inNight(minute: number, p: NoCutPolicy): boolean {
  const { nightStartMinute: s, nightEndMinute: e } = p;
  if (s === e) return false;
  return s < e ? minute >= s && minute < e : minute >= s || minute < e;
}

function isNoCutDay(date: string, weekday: number, p: NoCutPolicy): boolean {
  return p.holidays.includes(date) || (p.weekends && (weekday === 0 || weekday === 6));
}

/** True when a trip may not be sent at `instant`. */
export function isNoCutTime(instant: Date, p: NoCutPolicy): boolean {
  const lp = localParts(instant, p.zone);
  const date = localDate(instant, p.zone);
  return isNoCutDay(date, lp.weekday, p) || inNight(lp.hour * 60 + lp.minute, p);
}

/** The first instant at or after `instant` at which a trip may be sent, or null beyond the search limit. */
export function nextCutAllowedAt(instant: Date, p: NoCutPolicy): Date | null {
  assertNoIssues(validateNoCutPolicy(p), 'no-cut policy');
  if (!isNoCutTime(instant, p)) return instant;
  let date = localDate(instant, p.zone);
  for (let i = 0; i <= MAX_NO_CUT_DAYS; i++) {
    const weekday = new Date(`${date}T00:00:00Z`).getUTCDay();
    if (!isNoCutDay(date, weekday, p)) {
      // The day is allowed: its first allowed minute is the night's end (or midnight without a night).
      const start = inNight(0, p) ? p.nightEndMinute : 0;
      const candidate = localToInstant(date, start, p.zone);
      if (candidate.getTime() >= instant.getTime() && !isNoCutTime(candidate, p)) return candidate;
    }
    date = addDays(date, 1);
  }
  return null;
}
