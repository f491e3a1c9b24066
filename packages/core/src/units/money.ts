/**
 * Money is held as an integer number of fen (0.01 yuan). Prices carry more digits than money, so
 * they are held as integer micro-yuan per unit. Binary floating point never holds a bill amount.
 */
declare const fenBrand: unique symbol;
/** An amount of money in fen (1 yuan = 100 fen), always an integer. */
export type Fen = number & { readonly [fenBrand]: 'Fen' };

declare const microYuanBrand: unique symbol;
/** A price in micro-yuan (1 yuan = 1,000,000 micro-yuan) per unit of quantity, always an integer. */
export type MicroYuan = number & { readonly [microYuanBrand]: 'MicroYuan' };

export const FEN_PER_YUAN = 100;
export const MICRO_YUAN_PER_YUAN = 1_000_000;

export function fen(value: number): Fen {
  if (!Number.isSafeInteger(value)) throw new RangeError(`fen must be a safe integer, got ${value}`);
  return value as Fen;
}

export function microYuan(value: number): MicroYuan {
  if (!Number.isSafeInteger(value)) throw new RangeError(`micro-yuan must be a safe integer, got ${value}`);
  return value as MicroYuan;
}

const DECIMAL = /^([+-])?(\d+)(?:\.(\d+))?$/;

/** Parses a decimal string exactly into an integer with `scale` fraction digits; more digits are an error. */
export function parseScaled(text: string, scale: number): number {
  const m = DECIMAL.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not a decimal number`);
  const frac = m[3] ?? '';
  if (frac.length > scale) throw new RangeError(`"${text}" has more than ${scale} decimal places`);
  const digits = m[2] + frac.padEnd(scale, '0');
  const value = Number(digits);
  if (!Number.isSafeInteger(value)) throw new RangeError(`"${text}" is too large`);
  return m[1] === '-' ? -value : value;
}

/** Formats an integer with `scale` implied fraction digits as a decimal string, e.g. (12345, 2) → "123.45". */
export function formatScaled(value: number, scale: number): string {
  const neg = value < 0;
  const s = String(Math.abs(value)).padStart(scale + 1, '0');
  const text = scale === 0 ? s : `${s.slice(0, -scale)}.${s.slice(-scale)}`;
  return neg ? `-${text}` : text;
}

/** "12.34" → 1234 fen. */
export const yuanToFen = (text: string): Fen => fen(parseScaled(text, 2));
/** 1234 fen → "12.34". */
export const formatYuan = (amount: Fen): string => formatScaled(amount, 2);
/** "0.51" → 510000 micro-yuan. */
export const yuanToMicro = (text: string): MicroYuan => microYuan(parseScaled(text, 6));

/**
 * Divides `numerator` by a positive `divisor` and rounds half away from zero (the rounding that
 * bills use: 0.005 yuan → 0.01 yuan, −0.005 yuan → −0.01 yuan). Exact for any safe integers.
 */
export function divRoundHalfUp(numerator: number, divisor: number): number {
  if (divisor <= 0 || !Number.isSafeInteger(divisor)) throw new RangeError(`divisor must be a positive integer`);
  if (Number.isSafeInteger(numerator)) {
    const q = Math.trunc(numerator / divisor);
    const r = numerator - q * divisor;
    if (2 * Math.abs(r) >= divisor) return numerator < 0 ? q - 1 : q + 1;
    return q + 0; // normalises -0 to 0
  }
  return Number(bigDivRoundHalfUp(BigInt(numerator), BigInt(divisor)));
}

/** (a × b) / divisor rounded half away from zero, exact even when a × b exceeds 2^53. */
export function mulDivRoundHalfUp(a: number, b: number, divisor: number): number {
  const product = a * b;
  if (Number.isSafeInteger(product)) return divRoundHalfUp(product, divisor);
  return Number(bigDivRoundHalfUp(BigInt(a) * BigInt(b), BigInt(divisor)));
}

function bigDivRoundHalfUp(n: bigint, d: bigint): bigint {
  const q = n / d;
  const r = n - q * d;
  const twice = (r < 0n ? -r : r) * 2n;
  if (twice >= d) return n < 0n ? q - 1n : q + 1n;
  return q;
}

/** Sums amounts, asserting the result stays an exact integer. */
export function sumFen(amounts: readonly Fen[]): Fen {
  let total = 0;
  for (const a of amounts) total += a;
  return fen(total);
}
