import { addDays, DEFAULT_ZONE } from '@meterflow/core/time/zone';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import type { MeterEvent } from '@meterflow/core/metering/meter-event';
import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import { DLT645_ENERGY_REGISTER, registerModulusWh } from '@meterflow/core/metering/register-spec';
import { dayLoadWh, SLOTS_PER_DAY } from '../profiles/load-profile.ts';
import { SeededRandom, seedFrom } from '../profiles/seeded-random.ts';
import type { VirtualMeter } from '../profiles/virtual-meter.ts';
import { applyDataFault, chooseFault } from './apply-fault.ts';
import { range, slotInstant } from './slot-range.ts';
import { DEAD_METER_DAYS, DEFAULT_FAULT_RATES, type FaultRates, type InjectedFault } from './injected-fault.ts';

/** What the head end would receive for one meter and day, plus the ground truth of what was injected. */
export interface SimulatedMeterDay {
  meter: VirtualMeter;
  block: IntervalBlock;
  /** Daily freeze registers (00:00 of this day and of the next), as the meter shows them (10 Wh steps). */
  registerStartWh: number;
  registerEndWh: number;
  /** Present when the meter was exchanged during the day. */
  exchange?: { oldLastWh: number; newFirstWh: number; slot: number };
  clockOffsetSeconds: number;
  events: MeterEvent[];
  /** Faults that start on this day (a dead meter is listed once, on its first day). */
  injected: InjectedFault[];
}

export interface FleetSimulationOptions {
  seed: number;
  meters: readonly VirtualMeter[];
  startDate: string;
  days: number;
  faultRates?: FaultRates;
  zone?: string;
}

const MODULUS_WH = registerModulusWh(DLT645_ENERGY_REGISTER);
const freeze = (wh: number) => Math.floor((wh % MODULUS_WH) / 10) * 10;

/** Yields every meter's day in date order (all meters for day 1, then day 2, …), deterministic from the seed. */
export function* simulateFleetDays(options: FleetSimulationOptions): Generator<SimulatedMeterDay> {
  const rates = options.faultRates ?? DEFAULT_FAULT_RATES;
  const zone = options.zone ?? DEFAULT_ZONE;
  const register = options.meters.map((m) => m.registerStartWh);
  const deadUntil = options.meters.map(() => '');
  for (let d = 0; d < options.days; d++) {
    const date = addDays(options.startDate, d);
    for (let i = 0; i < options.meters.length; i++) {
      const meter = options.meters[i];
      const rng = new SeededRandom(seedFrom(options.seed, 'fault', meter.meterId, date));
      const load = dayLoadWh(meter, date, options.seed);
      const day = newDay(meter, date, register[i]);
      if (deadUntil[i] >= date) {
        day.registerEndWh = day.registerStartWh;
        yield day;
        continue;
      }
      const kind = chooseFault(rng, rates);
      if (kind === 'dead-meter') {
        deadUntil[i] = addDays(date, DEAD_METER_DAYS - 1);
        day.injected.push({
          kind,
          meterId: meter.meterId,
          fromDate: date,
          toDate: deadUntil[i],
          dataError: true,
          detail: { days: DEAD_METER_DAYS },
        });
        day.registerEndWh = day.registerStartWh;
        yield day;
        continue;
      }
      if (kind === 'outage') applyOutage(day, load, rng, zone);
      day.block.values.set(load);
      if (kind === 'meter-exchange') register[i] = applyExchange(day, load, register[i], rng, zone);
      else register[i] += load.reduce((a, b) => a + b, 0);
      day.registerEndWh = freeze(register[i]);
      if (kind) applyDataFault(kind, day, rng, zone);
      yield day;
    }
  }
}

function newDay(meter: VirtualMeter, date: string, registerWh: number): SimulatedMeterDay {
  return {
    meter,
    block: {
      meterId: meter.meterId,
      channel: 1,
      date,
      unit: 'Wh',
      slotMinutes: 15,
      version: 1,
      values: new Int32Array(SLOTS_PER_DAY),
      quality: new Uint8Array(SLOTS_PER_DAY).fill(QUALITY.ACTUAL),
    },
    registerStartWh: freeze(registerWh),
    registerEndWh: freeze(registerWh),
    clockOffsetSeconds: 0,
    events: [],
    injected: [],
  };
}

function applyOutage(day: SimulatedMeterDay, load: Int32Array, rng: SeededRandom, zone: string): void {
  const len = rng.int(4, 32);
  const from = rng.int(0, SLOTS_PER_DAY - len);
  load.fill(0, from, from + len);
  const { meterId, date } = day.block;
  day.events.push(
    { meterId, kind: 'power-down', atUtc: slotInstant(date, from, zone), source: 'meter' },
    { meterId, kind: 'power-up', atUtc: slotInstant(date, from + len, zone), source: 'meter' },
  );
  day.injected.push({
    kind: 'outage',
    meterId,
    fromDate: date,
    toDate: date,
    slots: range(from, from + len),
    dataError: false,
    detail: { slots: len },
  });
}

/** The old meter is read at removal, the new one starts from its factory reading; returns the new register. */
function applyExchange(
  day: SimulatedMeterDay,
  load: Int32Array,
  registerWh: number,
  rng: SeededRandom,
  zone: string,
): number {
  const slot = rng.int(24, 72);
  let before = 0;
  for (let s = 0; s < slot; s++) before += load[s];
  let after = 0;
  for (let s = slot; s < SLOTS_PER_DAY; s++) after += load[s];
  const newFirstWh = rng.int(0, 100) * 10;
  day.exchange = { oldLastWh: freeze(registerWh + before), newFirstWh, slot };
  const { meterId, date } = day.block;
  day.events.push({
    meterId,
    kind: 'meter-exchange',
    atUtc: slotInstant(date, slot, zone),
    source: 'field',
    detail: { oldLastWh: day.exchange.oldLastWh, newFirstWh },
  });
  day.injected.push({
    kind: 'meter-exchange',
    meterId,
    fromDate: date,
    toDate: date,
    slots: [slot],
    dataError: false,
    detail: { newFirstWh },
  });
  return newFirstWh + after;
}
