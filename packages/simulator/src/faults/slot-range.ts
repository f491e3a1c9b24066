import { localToInstant } from '@meterflow/core/time/zone';

/** Slot start as an ISO UTC instant (15-minute slots counted from local midnight). */
export function slotInstant(date: string, slot: number, zone: string): string {
  return localToInstant(date, slot * 15, zone).toISOString();
}

/** The slot numbers from `from` up to, not including, `to`. */
export function range(from: number, to: number): number[] {
  return Array.from({ length: to - from }, (_, k) => from + k);
}
