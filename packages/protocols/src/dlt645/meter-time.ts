import { bcdByteDigits, frameInvalid } from './bcd.ts';

/**
 * Time fields as the standard names them (most significant first); on the wire the bytes come in
 * reverse order, e.g. YYMMDDhhmmss travels as ss mm hh DD MM YY. Meters keep local wall-clock time,
 * so decoded text carries no zone: `2024-05-01T12:30:45`.
 */
export type TimeLayout = 'YYMMDDhhmmss' | 'YYMMDDhhmm' | 'YYMMDDWW' | 'MMDDhhmm' | 'hhmmss';

export const TIME_LAYOUT_BYTES: Record<TimeLayout, number> = {
  YYMMDDhhmmss: 6,
  YYMMDDhhmm: 5,
  YYMMDDWW: 4,
  MMDDhhmm: 4,
  hhmmss: 3,
};

type Part = 'YY' | 'MM' | 'DD' | 'WW' | 'hh' | 'mm' | 'ss';
const RANGES: Record<Part, [number, number]> = {
  YY: [0, 99],
  MM: [1, 12],
  DD: [1, 31],
  WW: [0, 6],
  hh: [0, 23],
  mm: [0, 59],
  ss: [0, 59],
};
/** The century meters leave out: YY 00..99 is read as 2000..2099. */
export const METER_CENTURY = 2000;

const partsOf = (layout: TimeLayout): Part[] => layout.match(/../g) as Part[];

/** Local date-time fields of a meter time; `weekday` 0 = Sunday. */
export interface MeterTimeParts {
  year?: number;
  month?: number;
  day?: number;
  weekday?: number;
  hour?: number;
  minute?: number;
  second?: number;
}

/** Decodes a time field; all-zero bytes (a meter's "never happened") give null. */
export function decodeMeterTime(bytes: Uint8Array, layout: TimeLayout, where: string): string | null {
  const n = TIME_LAYOUT_BYTES[layout];
  if (bytes.length !== n) throw frameInvalid(`${where}: ${layout} needs ${n} bytes, got ${bytes.length}`, where);
  if (bytes.every((b) => b === 0)) return null;
  const parts = partsOf(layout);
  const v: Partial<Record<Part, number>> = {};
  parts.forEach((p, i) => {
    const num = Number(bcdByteDigits(bytes[n - 1 - i], where));
    const [lo, hi] = RANGES[p];
    if (num < lo || num > hi) throw frameInvalid(`${where}: ${p}=${num} is outside ${lo}..${hi}`, where);
    v[p] = num;
  });
  return formatParts(v);
}

function formatParts(v: Partial<Record<Part, number>>): string {
  const d2 = (x: number | undefined): string => String(x ?? 0).padStart(2, '0');
  const date =
    v.YY !== undefined
      ? `${METER_CENTURY + v.YY}-${d2(v.MM)}-${d2(v.DD)}`
      : v.MM !== undefined
        ? `${d2(v.MM)}-${d2(v.DD)}`
        : '';
  const time = v.hh !== undefined ? `${d2(v.hh)}:${d2(v.mm)}${v.ss !== undefined ? ':' + d2(v.ss) : ''}` : '';
  if (date && time) return `${date}T${time}`;
  return date || time;
}

const TEXT_RE = /^(?:(?:(\d{4})-)?(\d{2})-(\d{2}))?T?(?:(\d{2}):(\d{2})(?::(\d{2}))?)?$/;

/** Encodes local time text (as produced by decodeMeterTime) in a layout; null encodes as zeros. */
export function encodeMeterTime(text: string | null, layout: TimeLayout): Uint8Array {
  const n = TIME_LAYOUT_BYTES[layout];
  if (text === null) return new Uint8Array(n);
  const m = TEXT_RE.exec(text);
  if (!m || text === '') throw new RangeError(`"${text}" is not a local time like 2024-05-01T12:30:00`);
  const year = m[1] !== undefined ? Number(m[1]) : undefined;
  const v: Record<Part, number | undefined> = {
    YY: year !== undefined ? year - METER_CENTURY : undefined,
    MM: m[2] !== undefined ? Number(m[2]) : undefined,
    DD: m[3] !== undefined ? Number(m[3]) : undefined,
    WW: year !== undefined ? new Date(Date.UTC(year, Number(m[2]) - 1, Number(m[3]))).getUTCDay() : undefined,
    hh: m[4] !== undefined ? Number(m[4]) : undefined,
    mm: m[5] !== undefined ? Number(m[5]) : undefined,
    ss: m[6] !== undefined ? Number(m[6]) : layout.endsWith('ss') ? 0 : undefined,
  };
  const out = new Uint8Array(n);
  partsOf(layout).forEach((p, i) => {
    const x = v[p];
    const [lo, hi] = RANGES[p];
    if (x === undefined || x < lo || x > hi) throw new RangeError(`"${text}" has no valid ${p} for layout ${layout}`);
    out[n - 1 - i] = parseInt(String(x).padStart(2, '0'), 16);
  });
  return out;
}
