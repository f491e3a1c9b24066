/**
 * Energy is held as an integer number of watt-hours. A DL/T 645 register (XXXXXX.XX kWh) is a whole
 * number of 10 Wh, so every register and interval value fits without rounding.
 */
declare const whBrand: unique symbol;
/** Active energy in watt-hours (reactive energy in var-hours uses the same type), always an integer. */
export type Wh = number & { readonly [whBrand]: 'Wh' };

export const WH_PER_KWH = 1000;

export function wh(value: number): Wh {
  if (!Number.isSafeInteger(value)) throw new RangeError(`Wh must be a safe integer, got ${value}`);
  return value as Wh;
}

/** 12.34 kWh given as text → 12340 Wh, exactly. */
export function kwhTextToWh(text: string): Wh {
  const m = /^([+-])?(\d+)(?:\.(\d{1,3}))?$/.exec(text.trim());
  if (!m) throw new RangeError(`"${text}" is not a kWh value with at most 3 decimals`);
  const v = Number(m[2]) * WH_PER_KWH + Number((m[3] ?? '').padEnd(3, '0'));
  return wh(m[1] === '-' ? -v : v);
}

/** 12340 Wh → "12.34" kWh (trailing zeros kept to three places: "12.340"). */
export function formatKwh(value: Wh): string {
  const neg = value < 0;
  const s = String(Math.abs(value)).padStart(4, '0');
  return `${neg ? '-' : ''}${s.slice(0, -3)}.${s.slice(-3)}`;
}
