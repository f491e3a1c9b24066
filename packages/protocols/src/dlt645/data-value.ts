import { wh } from '@meterflow/core';
import type { Wh } from '@meterflow/core';
import {
  decodeBcdDigits,
  decodeSignedBcd,
  encodeBcdDigits,
  encodeSignedBcd,
  frameInvalid,
  toSpacedHex,
} from './bcd.ts';
import { lookupDataItem } from './data-catalogue.ts';
import { normaliseDi } from './data-identifier.ts';
import type { DataItem, FieldFormat, ItemMeaning, ItemName } from './data-item.ts';
import { TIME_LAYOUT_BYTES, decodeMeterTime, encodeMeterTime } from './meter-time.ts';

/** A numeric field: exact decimal text plus the integer in the field's smallest step. */
export interface NumberValue {
  kind: 'number';
  name?: ItemName;
  /** Exact decimal, e.g. `-12.345`; never a binary float. */
  text: string;
  /** The value times 10^decimals, e.g. 12345 for 123.45 kWh. */
  scaled: number;
  decimals: number;
  unit: string;
  /** Energies (kWh, kvarh) in Wh/varh, exact. */
  wh?: Wh;
}
export interface TimeValue {
  kind: 'time';
  name?: ItemName;
  /** Local wall-clock time of the meter, or null when the meter sent zeros (never happened). */
  text: string | null;
}
export interface DigitsValue {
  kind: 'digits';
  name?: ItemName;
  text: string;
}
export type FieldValue = NumberValue | TimeValue | DigitsValue;

/** One entry of a value: a single item has one, an FF block one per total/tariff/phase sent. */
export interface DataEntry {
  name: ItemName;
  meaning: ItemMeaning;
  fields: FieldValue[];
}

/** A decoded reply payload. `item` is null (and `entries` empty) for identifiers the catalogue lacks. */
export interface DataValue {
  di: string;
  item: ItemName | null;
  entries: DataEntry[];
  raw: string;
}

/** Input for one field when encoding: a scaled integer or decimal text for numbers, text for times and digits. */
export type FieldInput = number | string | null;

const fieldBytes = (f: FieldFormat): number => (f.kind === 'time' ? TIME_LAYOUT_BYTES[f.layout] : f.bytes);
const entryBytes = (item: DataItem): number => item.fields.reduce((n, f) => n + fieldBytes(f), 0);
const ENERGY_UNITS = new Set(['kWh', 'kvarh']);

function scaledText(negative: boolean, digits: string, decimals: number): string {
  const d = digits.replace(/^0+/, '').padStart(decimals + 1, '0');
  const body = decimals > 0 ? `${d.slice(0, -decimals)}.${d.slice(-decimals)}` : d;
  return negative ? `-${body}` : body;
}

function decodeField(f: FieldFormat, bytes: Uint8Array, where: string): FieldValue {
  if (f.kind === 'time') return { kind: 'time', name: f.name, text: decodeMeterTime(bytes, f.layout, where) };
  if (f.kind === 'digits') return { kind: 'digits', name: f.name, text: decodeBcdDigits(bytes, where) };
  const { negative, digits } = f.signed
    ? decodeSignedBcd(bytes, where)
    : { negative: false, digits: decodeBcdDigits(bytes, where) };
  const scaled = (negative ? -1 : 1) * Number(digits);
  const v: NumberValue = {
    kind: 'number',
    name: f.name,
    text: scaledText(negative, digits, f.decimals),
    scaled,
    decimals: f.decimals,
    unit: f.unit,
  };
  if (ENERGY_UNITS.has(f.unit) && f.decimals <= 3) v.wh = wh(scaled * 10 ** (3 - f.decimals));
  return v;
}

/** How many entries a payload of `length` bytes holds; a length that fits no whole number is FRAME_INVALID. */
function entryCount(item: DataItem, length: number): number {
  const per = entryBytes(item);
  const max = item.repeat?.max ?? 1;
  const n = length / per;
  if (!Number.isInteger(n) || n < 1 || n > max) {
    const want = max === 1 ? `${per}` : `a multiple of ${per} up to ${per * max}`;
    throw frameInvalid(`${item.di} (${item.name.en}) needs ${want} data bytes, got ${length}`, 'data');
  }
  return n;
}

/** Decodes the data part of a read reply (after the DI) with the catalogue's format for `di`. */
export function decodeDataValue(di: string, payload: Uint8Array): DataValue {
  const id = normaliseDi(di);
  const raw = toSpacedHex(payload);
  const item = lookupDataItem(id);
  if (!item) return { di: id, item: null, entries: [], raw };
  const count = entryCount(item, payload.length);
  const entries: DataEntry[] = [];
  let p = 0;
  for (let e = 0; e < count; e++) {
    const head = item.repeat ? item.repeat.entries[e] : { name: item.name, meaning: item.meaning };
    const fields = item.fields.map((f, i) => {
      const n = fieldBytes(f);
      const v = decodeField(f, payload.subarray(p, p + n), `data/${e}/${i}`);
      p += n;
      return v;
    });
    entries.push({ name: head.name, meaning: head.meaning, fields });
  }
  return { di: id, item: item.name, entries, raw };
}

/** Decimal text (`-12.3`) to an integer scaled by 10^decimals; more decimals than the field has is an error. */
export function decimalToScaled(text: string, decimals: number): number {
  const m = /^([+-])?(\d+)(?:\.(\d+))?$/.exec(text.trim());
  if (!m || (m[3] ?? '').length > decimals)
    throw new RangeError(`"${text}" is not a decimal with at most ${decimals} places`);
  const n = Number(m[2] + (m[3] ?? '').padEnd(decimals, '0'));
  return m[1] === '-' ? -n : n;
}

function encodeField(f: FieldFormat, input: FieldInput): Uint8Array {
  if (f.kind === 'time') return encodeMeterTime(input === null ? null : String(input), f.layout);
  if (f.kind === 'digits') return encodeBcdDigits(String(input ?? ''), f.bytes);
  const scaled = typeof input === 'number' ? input : decimalToScaled(String(input ?? '0'), f.decimals);
  if (!Number.isSafeInteger(scaled))
    throw new RangeError(`${input} is not a whole number of the field's smallest step`);
  if (scaled < 0 && !f.signed) throw new RangeError(`${input} is negative but the field is unsigned`);
  const digits = String(Math.abs(scaled));
  return f.signed ? encodeSignedBcd({ negative: scaled < 0, digits }, f.bytes) : encodeBcdDigits(digits, f.bytes);
}

/** Encodes the data part of a read reply; `entries` holds one list of field inputs per entry. */
export function encodeDataValue(di: string, entries: FieldInput[][]): Uint8Array {
  const item = lookupDataItem(di);
  if (!item) throw new RangeError(`data identifier ${di} is not in the catalogue`);
  if (entries.length < 1 || entries.length > (item.repeat?.max ?? 1)) {
    throw new RangeError(`${item.di} takes 1..${item.repeat?.max ?? 1} entries, got ${entries.length}`);
  }
  const out = new Uint8Array(entries.length * entryBytes(item));
  let p = 0;
  for (const entry of entries) {
    if (entry.length !== item.fields.length)
      throw new RangeError(`${item.di} needs ${item.fields.length} field(s) per entry`);
    item.fields.forEach((f, i) => {
      const b = encodeField(f, entry[i]);
      out.set(b, p);
      p += b.length;
    });
  }
  return out;
}
