import { WH_PER_KWH } from '../units/energy.ts';
import type { QualityFlag } from './quality-flag.ts';

/**
 * The width of an energy register, as data: DL/T 645 XXXXXX.XX kWh is 6 integer and 2 decimal
 * digits, so it counts in 10 Wh steps and rolls over from 999999.99 to 0 (modulus 10^9 Wh).
 */
export interface RegisterSpec {
  integerDigits: number;
  decimalDigits: number;
}

export const DLT645_ENERGY_REGISTER: RegisterSpec = { integerDigits: 6, decimalDigits: 2 };

/**
 * forward / reverse: monotonic registers that may only roll over; combined: the signed sum
 * (forward − reverse), which legitimately runs backwards while a premise exports.
 */
export type RegisterKind = 'forward' | 'reverse' | 'combined';

/** A register reading in Wh with its quality. */
export interface RegisterRead {
  valueWh: number;
  quality: QualityFlag;
}

/** The value at which the register wraps to zero, in Wh. */
export function registerModulusWh(spec: RegisterSpec): number {
  return 10 ** spec.integerDigits * WH_PER_KWH;
}

/** The smallest step the register shows, in Wh (10 Wh for two decimals of kWh). */
export function registerResolutionWh(spec: RegisterSpec): number {
  return Math.max(1, 10 ** (3 - spec.decimalDigits));
}
