import type { BusinessCalendar } from './business-calendar.ts';
import type { Duration } from './duration.ts';

/** Remembered results per memo; past this the memo starts over, which only costs recomputation. */
export const STAGE_TIMING_MEMO_MAX = 200_000;

/**
 * Remembers calendar arithmetic for stage evaluation. Reading books that share a reading day,
 * branch and customer class open their cycles at the same instant under the same limits, so
 * thousands of books ask for the same deadline and the same elapsed working time: each is
 * computed once. Results depend only on the calendar and the arguments, so a memo may be kept
 * from one sweep to the next as long as the calendar is the same object.
 */
export class StageTimingMemo {
  private readonly deadlines = new Map<string, { deadline: Date; limitMs: number }>();
  private readonly elapsed = new Map<string, number>();

  constructor(readonly calendar: BusinessCalendar) {}

  /** The deadline of a limit started at `from`, and the limit's length on its own basis. */
  deadline(from: Date, limit: Duration): { deadline: Date; limitMs: number } {
    const key = `${from.getTime()}|${limit.amount}|${limit.unit}|${limit.basis}`;
    let hit = this.deadlines.get(key);
    if (!hit) {
      const deadline = this.calendar.add(from, limit);
      hit = { deadline, limitMs: this.elapsedMs(from, deadline, limit.basis) };
      if (this.deadlines.size >= STAGE_TIMING_MEMO_MAX) this.deadlines.clear();
      this.deadlines.set(key, hit);
    }
    return hit;
  }

  /** `calendar.elapsedMs`, remembered. */
  elapsedMs(from: Date, to: Date, basis: Duration['basis']): number {
    // Calendar time is a subtraction: nothing to remember.
    if (basis === 'calendar') return this.calendar.elapsedMs(from, to, basis);
    const key = `${from.getTime()}|${to.getTime()}`;
    let ms = this.elapsed.get(key);
    if (ms === undefined) {
      ms = this.calendar.elapsedMs(from, to, basis);
      if (this.elapsed.size >= STAGE_TIMING_MEMO_MAX) this.elapsed.clear();
      this.elapsed.set(key, ms);
    }
    return ms;
  }
}
