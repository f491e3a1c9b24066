import { QUALITY, type QualityFlag } from './quality-flag.ts';
import { slotCountFor } from './slot-count.ts';
import { DEFAULT_ZONE } from '../time/zone.ts';

/** Declared unit of a block's values; every value is an integer in this unit. */
export type IntervalUnit = 'Wh' | 'varh';

/** The identity of a block: one meter channel on one local day. */
export interface BlockKey {
  meterId: string;
  /** 1 = forward active, 2 = reverse active, 3.. = reactive channels (by convention of the head end). */
  channel: number;
  /** Local calendar day in the service zone, `YYYY-MM-DD`. */
  date: string;
}

/**
 * One (meter channel, local day) of interval values, as the meter recorded them (secondary side:
 * the multiplier is applied when consumption is computed). Blocks are treated as immutable:
 * merge, VEE and edits return new objects.
 */
export interface IntervalBlock extends BlockKey {
  unit: IntervalUnit;
  slotMinutes: number;
  /** 1 = as acquired; every VEE repair or clerk edit makes version + 1 and keeps the old one. */
  version: number;
  values: Int32Array;
  quality: Uint8Array;
}

/** An empty (all missing) block whose slot count comes from the zone's rules for that day. */
export function createEmptyBlock(
  key: BlockKey,
  options: { unit?: IntervalUnit; slotMinutes?: number; zone?: string } = {},
): IntervalBlock {
  const slotMinutes = options.slotMinutes ?? 15;
  const n = slotCountFor(key.date, options.zone ?? DEFAULT_ZONE, slotMinutes);
  return {
    ...key,
    unit: options.unit ?? 'Wh',
    slotMinutes,
    version: 1,
    values: new Int32Array(n),
    quality: new Uint8Array(n).fill(QUALITY.MISSING),
  };
}

/** A block from plain arrays; `quality` defaults to ACTUAL for every slot. */
export function blockFrom(
  key: BlockKey,
  values: ArrayLike<number>,
  quality?: ArrayLike<number>,
  options: { unit?: IntervalUnit; slotMinutes?: number; version?: number } = {},
): IntervalBlock {
  const q = quality ? Uint8Array.from(quality) : new Uint8Array(values.length).fill(QUALITY.ACTUAL);
  if (q.length !== values.length) throw new RangeError('values and quality differ in length');
  return {
    meterId: key.meterId,
    channel: key.channel,
    date: key.date,
    unit: options.unit ?? 'Wh',
    slotMinutes: options.slotMinutes ?? 15,
    version: options.version ?? 1,
    values: Int32Array.from(values),
    quality: q,
  };
}

/** A copy whose arrays can be changed without touching the original. */
export function cloneBlock(block: IntervalBlock, version = block.version): IntervalBlock {
  return { ...block, version, values: block.values.slice(), quality: block.quality.slice() };
}

/** `meter/channel/date`, handy as a map key. */
export function blockKeyString(key: BlockKey): string {
  return `${key.meterId}/${key.channel}/${key.date}`;
}

/** Sum of the present (non-missing) values and how many slots are missing. */
export function blockTotals(block: IntervalBlock): { sum: number; missing: number; worst: QualityFlag } {
  let sum = 0;
  let missing = 0;
  let worst = 0;
  for (let i = 0; i < block.values.length; i++) {
    const q = block.quality[i];
    if (q > worst) worst = q;
    if (q === QUALITY.MISSING) missing++;
    else sum += block.values[i];
  }
  return { sum, missing, worst: worst as QualityFlag };
}
