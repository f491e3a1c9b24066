import { divRoundHalfUp } from '../units/money.ts';

/** Fen per (Wh × micro-yuan/kWh): 1,000 Wh per kWh × 10,000 micro-yuan per fen. */
export const WH_MICRO_PER_FEN = 10_000_000;

/** (a × b × c) / divisor rounded half away from zero, exact beyond 2^53 through BigInt. */
export function mulMulDivRoundHalfUp(a: number, b: number, c: number, divisor: number): number {
  const product = a * b * c;
  if (Number.isSafeInteger(product)) return divRoundHalfUp(product, divisor);
  const n = BigInt(a) * BigInt(b) * BigInt(c);
  const d = BigInt(divisor);
  const q = n / d;
  const r = n - q * d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return Number(n < 0n ? q - 1n : q + 1n);
  return Number(q);
}

/** Money for `quantity` (Wh, W or VA) at `price` micro-yuan per thousand units, scaled by num/den. */
export function amountFen(quantity: number, price: number, num = 1, den = 1): number {
  return mulMulDivRoundHalfUp(quantity, price, num, WH_MICRO_PER_FEN * den);
}

/** Splits `total` into shares proportional to `weights`, conserving the total exactly (cumulative rounding). */
export function splitProportional(total: number, weights: readonly number[], weightSum: number): number[] {
  const out: number[] = [];
  let cumWeight = 0;
  let prev = 0;
  for (const w of weights) {
    cumWeight += w;
    const cum = cumWeight === weightSum ? total : mulMulDivRoundHalfUp(total, cumWeight, 1, weightSum);
    out.push(cum - prev);
    prev = cum;
  }
  return out;
}
