import { DEFAULT_ZONE, localDate, localParts, localToInstant, addDays } from '../time/zone.ts';

/** A daily local window in which a person does not want calls or texts; may wrap past midnight. */
export interface QuietHours {
  startMinute: number;
  endMinute: number;
}

/** True when `instant` falls inside the quiet window in `zone`. */
export function inQuietHours(instant: Date, quiet: QuietHours | null, zone: string = DEFAULT_ZONE): boolean {
  if (!quiet || quiet.startMinute === quiet.endMinute) return false;
  const p = localParts(instant, zone);
  const m = p.hour * 60 + p.minute;
  const { startMinute: s, endMinute: e } = quiet;
  return s < e ? m >= s && m < e : m >= s || m < e;
}

/** The end of the quiet window that contains `instant` (or `instant` itself when outside). */
export function quietHoursEnd(instant: Date, quiet: QuietHours | null, zone: string = DEFAULT_ZONE): Date {
  if (!quiet || !inQuietHours(instant, quiet, zone)) return instant;
  const today = localDate(instant, zone);
  const endToday = localToInstant(today, quiet.endMinute, zone);
  return endToday.getTime() > instant.getTime() ? endToday : localToInstant(addDays(today, 1), quiet.endMinute, zone);
}
