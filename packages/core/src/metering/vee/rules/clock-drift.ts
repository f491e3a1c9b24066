import { localToInstant } from '../../../time/zone.ts';
import { QUALITY } from '../../quality-flag.ts';
import { slotRanges, veeException, type VeeException, type VeeRule } from '../vee-rule.ts';

type Params = { maxDriftSeconds: number; futureToleranceSeconds: number; flagClockErrorEvents: boolean };

/** Fires on a meter clock off by more than the limit, clock-error events, and values for slots that have not begun yet. */
export const clockDriftRule: VeeRule<Params> = {
  id: 'clock-drift',
  description: 'Timestamps in the future or meter clock drift',
  defaults: { maxDriftSeconds: 300, futureToleranceSeconds: 0, flagClockErrorEvents: true },
  check(day, params) {
    const out: VeeException[] = [];
    const off = day.clockOffsetSeconds;
    if (off !== undefined && Math.abs(off) > params.maxDriftSeconds) {
      out.push(
        veeException('clock-drift', day, {
          severity: 'warning',
          detail: `meter clock off by ${off} s (limit ${params.maxDriftSeconds})`,
        }),
      );
    }
    if (params.flagClockErrorEvents && day.events.some((e) => e.kind === 'clock-error')) {
      out.push(veeException('clock-drift', day, { severity: 'warning', detail: 'the meter reported a clock error' }));
    }
    const future = futureSlots(day, params.futureToleranceSeconds);
    if (future.length) {
      out.push(
        veeException('clock-drift', day, {
          severity: 'error',
          detail: `${future.length} slot(s) hold values but have not begun yet: ${slotRanges(future)}`,
          slots: future,
          repair: 'flag',
        }),
      );
    }
    return out;
  },
};

function futureSlots(day: Parameters<VeeRule['check']>[0], toleranceSeconds: number): number[] {
  const { block } = day;
  const limitMs = day.nowUtc.getTime() + toleranceSeconds * 1000;
  const dayStartMs = localToInstant(block.date, 0, day.zone).getTime();
  if (dayStartMs + block.values.length * block.slotMinutes * 60000 <= limitMs) return [];
  const slots: number[] = [];
  for (let i = 0; i < block.values.length; i++) {
    // Slot instants are counted from the day's start so a DST day's extra or missing hour is respected.
    if (block.quality[i] !== QUALITY.MISSING && dayStartMs + i * block.slotMinutes * 60000 > limitMs) slots.push(i);
  }
  return slots;
}
