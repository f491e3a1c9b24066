import { blockFrom, type IntervalBlock } from '../interval-block.ts';
import { QUALITY } from '../quality-flag.ts';
import { DLT645_ENERGY_REGISTER } from '../register-spec.ts';
import { addDays } from '../../time/zone.ts';
import type { DayRegisters, VeeMeterDay } from './vee-rule.ts';

/** Test fixtures shared by the VEE tests: a steady meter using 100 Wh every slot. */
export const DAY = '2024-03-13'; // a Wednesday

export function flatBlock(date = DAY, value = 100): IntervalBlock {
  return blockFrom({ meterId: 'M1', channel: 1, date }, new Array(96).fill(value));
}

export function history(days: number, value = 100, until = DAY): IntervalBlock[] {
  return Array.from({ length: days }, (_, k) => flatBlock(addDays(until, -(k + 1)), value));
}

export function registers(startWh: number, endWh: number): DayRegisters {
  return {
    start: { valueWh: startWh, quality: QUALITY.ACTUAL },
    end: { valueWh: endWh, quality: QUALITY.ACTUAL },
    spec: DLT645_ENERGY_REGISTER,
    kind: 'forward',
  };
}

export function meterDay(over: Partial<VeeMeterDay> = {}): VeeMeterDay {
  return {
    block: flatBlock(),
    history: history(14),
    register: registers(1_000_000, 1_009_600),
    events: [],
    premiseOccupied: true,
    nowUtc: new Date('2024-03-20T00:00:00Z'),
    zone: 'Asia/Shanghai',
    ...over,
  };
}
