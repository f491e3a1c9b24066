import { wh, type Wh } from '../units/energy.ts';
import { worstQuality, type QualityFlag } from './quality-flag.ts';
import { registerModulusWh, type RegisterKind, type RegisterRead, type RegisterSpec } from './register-spec.ts';

/**
 * Default plausibility bound for a rollover, as a share of the register modulus: a negative delta
 * is only read as a wrap when the wrapped consumption is below this share (check: tune per fleet).
 */
export const ROLLOVER_MAX_SHARE_DEFAULT = 0.1;

export interface ConsumptionInput {
  previous: RegisterRead;
  current: RegisterRead;
  /** 综合倍率 = CT ratio × PT ratio, an integer. */
  multiplier: number;
  spec: RegisterSpec;
  kind?: RegisterKind;
  /** Largest register advance (Wh, secondary side) still believed as a rollover. */
  maxRolloverDeltaWh?: number;
}

export type ConsumptionResult =
  | { ok: true; consumptionWh: Wh; registerDeltaWh: number; rolledOver: boolean; quality: QualityFlag }
  | { ok: false; reason: 'REGISTER_BACKWARDS'; registerDeltaWh: number; quality: QualityFlag };

/** Consumption = (reading − previous) × multiplier, with register rollover; backwards is reported, never hidden. */
export function computeConsumption(input: ConsumptionInput): ConsumptionResult {
  const { previous, current, multiplier, spec } = input;
  if (!Number.isSafeInteger(multiplier) || multiplier < 1)
    throw new RangeError(`multiplier ${multiplier} must be a positive integer`);
  const quality = worstQuality(previous.quality, current.quality);
  const delta = current.valueWh - previous.valueWh;
  if (delta >= 0 || input.kind === 'combined') {
    return { ok: true, consumptionWh: wh(delta * multiplier), registerDeltaWh: delta, rolledOver: false, quality };
  }
  const modulus = registerModulusWh(spec);
  const wrapped = delta + modulus;
  const limit = input.maxRolloverDeltaWh ?? modulus * ROLLOVER_MAX_SHARE_DEFAULT;
  if (wrapped >= 0 && wrapped <= limit) {
    return { ok: true, consumptionWh: wh(wrapped * multiplier), registerDeltaWh: wrapped, rolledOver: true, quality };
  }
  return { ok: false, reason: 'REGISTER_BACKWARDS', registerDeltaWh: delta, quality };
}

/** One meter's reads inside a period during which it was exchanged (换表). */
export interface MeterPart {
  first: RegisterRead;
  last: RegisterRead;
  multiplier: number;
  spec: RegisterSpec;
}

export type ExchangeResult =
  | {
      ok: true;
      oldPartWh: Wh;
      newPartWh: Wh;
      consumptionWh: Wh;
      rolledOver: boolean;
      quality: QualityFlag;
    }
  | { ok: false; reason: 'REGISTER_BACKWARDS'; part: 'old' | 'new'; quality: QualityFlag };

/** A period with a meter exchange: old meter from its first read to its removal read, plus the new meter from its install read. */
export function computeExchangeConsumption(
  oldMeter: MeterPart,
  newMeter: MeterPart,
  kind: RegisterKind = 'forward',
): ExchangeResult {
  const a = computeConsumption({
    previous: oldMeter.first,
    current: oldMeter.last,
    multiplier: oldMeter.multiplier,
    spec: oldMeter.spec,
    kind,
  });
  const b = computeConsumption({
    previous: newMeter.first,
    current: newMeter.last,
    multiplier: newMeter.multiplier,
    spec: newMeter.spec,
    kind,
  });
  const quality = worstQuality(a.quality, b.quality);
  if (!a.ok) return { ok: false, reason: 'REGISTER_BACKWARDS', part: 'old', quality };
  if (!b.ok) return { ok: false, reason: 'REGISTER_BACKWARDS', part: 'new', quality };
  return {
    ok: true,
    oldPartWh: a.consumptionWh,
    newPartWh: b.consumptionWh,
    consumptionWh: wh(a.consumptionWh + b.consumptionWh),
    rolledOver: a.rolledOver || b.rolledOver,
    quality,
  };
}

/** Net energy = forward − reverse (export makes it negative), carrying the worse quality. */
export function computeNetConsumption(
  forward: { consumptionWh: number; quality: QualityFlag },
  reverse: { consumptionWh: number; quality: QualityFlag },
): { netWh: Wh; quality: QualityFlag } {
  return {
    netWh: wh(forward.consumptionWh - reverse.consumptionWh),
    quality: worstQuality(forward.quality, reverse.quality),
  };
}
