import { addDays, localToInstant, DEFAULT_ZONE } from '../time/zone.ts';

/** Slots of a normal day for 15-minute intervals. */
export const SLOTS_PER_DAY_15MIN = 96;
/** Upper bound on slots in one block (1-minute intervals on a 25-hour day). */
export const SLOTS_PER_BLOCK_MAX = 1500;

/**
 * Slots in local day `date` of `zone`, derived from the zone's rules rather than assumed: 96 for
 * 15-minute slots in Asia/Shanghai (no DST since 1991), 92 or 100 on DST change days elsewhere.
 */
export function slotCountFor(date: string, zone: string = DEFAULT_ZONE, slotMinutes = 15): number {
  const start = localToInstant(date, 0, zone).getTime();
  const end = localToInstant(addDays(date, 1), 0, zone).getTime();
  const minutes = Math.round((end - start) / 60000);
  if (minutes % slotMinutes !== 0) throw new RangeError(`day ${date} in ${zone} is not a whole number of slots`);
  return minutes / slotMinutes;
}
