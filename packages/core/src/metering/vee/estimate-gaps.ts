import { addDays } from '../../time/zone.ts';
import type { IntervalBlock } from '../interval-block.ts';
import { QUALITY, isTrusted } from '../quality-flag.ts';
import type { EstimationParams } from './vee-config.ts';

export interface EstimationInput {
  block: IntervalBlock;
  /** Slots whose value must not be used even if present (spikes, negatives). */
  distrust: ReadonlySet<number>;
  history: readonly IntervalBlock[];
  holidays?: readonly string[];
  /** The day's register advance, when known, to prorate estimates against. */
  registerDeltaWh: number | null;
}

/**
 * Fills missing and distrusted slots (quality ESTIMATED): short gaps with values on both sides by
 * linear interpolation, longer or edge gaps by the average of the same slot on same-day-type days
 * of previous weeks. Returns new arrays; slots that could not be estimated keep MISSING.
 */
export function estimateGaps(
  input: EstimationInput,
  params: EstimationParams,
): { values: Int32Array; quality: Uint8Array } {
  const { block, distrust } = input;
  const n = block.values.length;
  const values = block.values.slice();
  const quality = block.quality.slice();
  const needs = (i: number) => quality[i] === QUALITY.MISSING || distrust.has(i);
  const profile = historyProfile(input, params);
  const estimated: number[] = [];
  for (let a = 0; a < n; a++) {
    if (!needs(a)) continue;
    let b = a;
    while (b + 1 < n && needs(b + 1)) b++;
    const hasLeft = a > 0;
    const hasRight = b < n - 1;
    for (let i = a; i <= b; i++) {
      let v: number | null = null;
      if (b - a + 1 <= params.maxLinearSlots && hasLeft && hasRight) {
        v = Math.round(values[a - 1] + ((values[b + 1] - values[a - 1]) * (i - a + 1)) / (b - a + 2));
      } else if (profile && profile.count[i] > 0) v = Math.round(profile.sum[i] / profile.count[i]);
      if (v === null) {
        quality[i] = QUALITY.MISSING;
        continue;
      }
      values[i] = v;
      quality[i] = QUALITY.ESTIMATED;
      estimated.push(i);
    }
    a = b;
  }
  if (params.prorateToRegister && input.registerDeltaWh !== null)
    prorate(values, quality, estimated, input.registerDeltaWh);
  return { values, quality };
}

function isWeekendLike(date: string, holidays: readonly string[] | undefined): boolean {
  const [y, m, d] = date.split('-').map(Number);
  const wd = new Date(Date.UTC(y, m - 1, d)).getUTCDay();
  return wd === 0 || wd === 6 || (holidays?.includes(date) ?? false);
}

function historyProfile(
  input: EstimationInput,
  params: EstimationParams,
): { sum: Float64Array; count: Uint16Array } | null {
  const { block } = input;
  const from = addDays(block.date, -7 * params.historyWeeks);
  const weekend = isWeekendLike(block.date, input.holidays);
  const n = block.values.length;
  const sum = new Float64Array(n);
  const count = new Uint16Array(n);
  let days = 0;
  for (const h of input.history) {
    if (h.date < from || h.date >= block.date || h.values.length !== n) continue;
    if (isWeekendLike(h.date, input.holidays) !== weekend) continue;
    days++;
    for (let i = 0; i < n; i++) {
      if (isTrusted(h.quality[i])) {
        sum[i] += h.values[i];
        count[i]++;
      }
    }
  }
  return days > 0 ? { sum, count } : null;
}

/** Scales the estimated slots so the day adds up to the register, spreading rounding by largest remainder. */
function prorate(values: Int32Array, quality: Uint8Array, estimated: number[], deltaWh: number): void {
  if (estimated.length === 0) return;
  let known = 0;
  let estSum = 0;
  for (let i = 0; i < values.length; i++) {
    if (quality[i] === QUALITY.MISSING) return; // an unfilled slot makes the residual meaningless
    if (quality[i] === QUALITY.ESTIMATED) estSum += values[i];
    else known += values[i];
  }
  const residual = deltaWh - known;
  if (residual < 0) return;
  const weights = estimated.map((i) => (estSum > 0 ? Math.max(0, values[i]) : 1));
  const wSum = weights.reduce((a, b) => a + b, 0);
  if (wSum === 0) return;
  const exact = weights.map((w) => (residual * w) / wSum);
  const floors = exact.map(Math.floor);
  let left = residual - floors.reduce((a, b) => a + b, 0);
  const order = exact.map((x, k) => [x - floors[k], k] as const).sort((p, q) => q[0] - p[0] || p[1] - q[1]);
  for (const [, k] of order) {
    if (left <= 0) break;
    floors[k]++;
    left--;
  }
  estimated.forEach((slot, k) => (values[slot] = floors[k]));
}
