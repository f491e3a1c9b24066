import { QUALITY } from '@meterflow/core/metering/quality-flag';
import type { SeededRandom } from '../profiles/seeded-random.ts';
import { SLOTS_PER_DAY } from '../profiles/load-profile.ts';
import type { FaultKind, FaultRates, InjectedFault } from './injected-fault.ts';
import type { SimulatedMeterDay } from './simulate-fleet-days.ts';
import { range, slotInstant } from './slot-range.ts';

/** Draws at most one fault kind for a meter-day from the rates. */
export function chooseFault(rng: SeededRandom, rates: FaultRates): FaultKind | null {
  let r = rng.next();
  for (const [kind, rate] of Object.entries(rates) as [FaultKind, number][]) {
    if ((r -= rate) < 0) return kind;
  }
  return null;
}

/** Damages what the head end sees (not the true energy) and records what was done. */
export function applyDataFault(kind: FaultKind, day: SimulatedMeterDay, rng: SeededRandom, zone: string): void {
  const { meterId, date } = day.block;
  const truth = (slots: number[] | undefined, detail: InjectedFault['detail']): void => {
    day.injected.push({
      kind,
      meterId,
      fromDate: date,
      toDate: date,
      ...(slots ? { slots } : {}),
      dataError: true,
      detail,
    });
  };
  switch (kind) {
    case 'gap': {
      const len = rng.int(1, 24);
      const from = rng.int(0, SLOTS_PER_DAY - len);
      day.block.quality.fill(QUALITY.MISSING, from, from + len);
      day.block.values.fill(0, from, from + len);
      day.events.push({ meterId, kind: 'comm-failure', atUtc: slotInstant(date, from, zone), source: 'head-end' });
      return truth(range(from, from + len), { slots: len });
    }
    case 'spike': {
      const slot = rng.int(0, SLOTS_PER_DAY - 1);
      const factor = rng.int(10, 40);
      day.block.values[slot] = day.block.values[slot] * factor + 2000;
      return truth([slot], { factor });
    }
    case 'stuck-register':
      day.registerEndWh = day.registerStartWh;
      return truth(undefined, { registerWh: day.registerStartWh });
    case 'backward-register': {
      const back = rng.int(100, 5000) * 10;
      day.registerEndWh = Math.max(0, day.registerStartWh - back);
      return truth(undefined, { backWh: back });
    }
    case 'clock-drift': {
      const offset = rng.pick([-1, 1]) * rng.int(600, 7200);
      day.clockOffsetSeconds = offset;
      day.events.push({
        meterId,
        kind: 'clock-error',
        atUtc: slotInstant(date, rng.int(0, SLOTS_PER_DAY - 1), zone),
        source: 'meter',
        detail: { offsetSeconds: offset },
      });
      return truth(undefined, { offsetSeconds: offset });
    }
    case 'silent-meter':
      // The data stay as they are; the transport does not answer for the day.
      return truth(undefined, {});
    default:
      return; // outage, exchange and dead meter are applied while the day is built
  }
}
