import type { Issue } from '@meterflow/core/errors/error-codes';
import { blockFrom, type IntervalBlock } from '@meterflow/core/metering/interval-block';
import { isMeterEventKind, type MeterEvent } from '@meterflow/core/metering/meter-event';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { SLOTS_PER_BLOCK_MAX, slotCountFor } from '@meterflow/core/metering/slot-count';
import { DEFAULT_ZONE } from '@meterflow/core/time/zone';

/** Entries of each kind in one message; a meter sends far fewer. */
export const MESSAGE_ENTRIES_MAX = 5000;
const DATE = /^\d{4}-\d{2}-\d{2}$/;
const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,3})?)?Z$/;
const QUALITY_BY_LETTER: Record<string, number> = {
  A: QUALITY.ACTUAL,
  E: QUALITY.ESTIMATED,
  D: QUALITY.EDITED,
  S: QUALITY.SUSPECT,
};
const EVENT_SOURCES: readonly string[] = ['meter', 'head-end', 'field', 'simulator'];
const REGISTER_NAME = /^[a-z][a-z0-9-]{0,31}$/;

/**
 * The JSON reading message of one meter (MQTT `…/meters/{id}/reads`, HTTP batches). Every section
 * is optional. Interval values are integer Wh (or varh) with `null` for a missing slot, starting at
 * `startSlot` (0 by default), so a meter may send a single slot as it completes.
 */
export interface MeterReadingMessage {
  intervals?: {
    channel?: number;
    date: string;
    unit?: 'Wh' | 'varh';
    startSlot?: number;
    values: (number | null)[];
    /** One letter per value: A actual (default), E estimated, D edited, S suspect. */
    quality?: string;
  }[];
  registers?: { register?: string; tariff?: number; at: string; wh: number }[];
  freezes?: { register?: string; tariff?: number; date: string; wh: number }[];
  /** `source` defaults to the channel's (the meter itself on MQTT). */
  events?: { kind: string; at: string; source?: string; detail?: Record<string, string | number> }[];
}

export interface ParsedRegisterRead {
  meterId: string;
  register: string;
  tariff: number;
  readAtUtc: string;
  valueWh: number;
}
export interface ParsedDailyFreeze {
  meterId: string;
  register: string;
  tariff: number;
  date: string;
  valueWh: number;
}

/** A message checked and turned into typed values, or every problem with its path. */
export interface ParsedReadingMessage {
  blocks: IntervalBlock[];
  registers: ParsedRegisterRead[];
  freezes: ParsedDailyFreeze[];
  events: MeterEvent[];
  issues: Issue[];
}

const isObj = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);
const isWh = (v: unknown): v is number => Number.isSafeInteger(v) && (v as number) >= 0;

/** Checks a decoded JSON message of `meterId`; nothing is returned for a section with problems. */
export function parseMeterReadingMessage(
  meterId: string,
  msg: unknown,
  source: MeterEvent['source'],
  zone = DEFAULT_ZONE,
  path = '',
): ParsedReadingMessage {
  const out: ParsedReadingMessage = { blocks: [], registers: [], freezes: [], events: [], issues: [] };
  if (!isObj(msg)) {
    out.issues.push({ path: path || '/', message: 'must be a JSON object' });
    return out;
  }
  for (const k of Object.keys(msg)) {
    if (!['intervals', 'registers', 'freezes', 'events'].includes(k))
      out.issues.push({ path: `${path}/${k}`, message: 'unknown field' });
  }
  const list = (name: string): unknown[] => {
    const v = msg[name];
    if (v === undefined) return [];
    if (!Array.isArray(v)) out.issues.push({ path: `${path}/${name}`, message: 'must be an array' });
    else if (v.length > MESSAGE_ENTRIES_MAX)
      out.issues.push({ path: `${path}/${name}`, message: `at most ${MESSAGE_ENTRIES_MAX} entries` });
    else return v;
    return [];
  };
  list('intervals').forEach((e, i) => parseInterval(meterId, e, `${path}/intervals/${i}`, zone, out));
  list('registers').forEach((e, i) => {
    const p = `${path}/registers/${i}`;
    if (!isObj(e)) return void out.issues.push({ path: p, message: 'must be an object' });
    const n = out.issues.length;
    const register = registerOf(e, p, out.issues);
    const tariff = tariffOf(e, p, out.issues);
    if (typeof e.at !== 'string' || !INSTANT.test(e.at) || Number.isNaN(Date.parse(e.at)))
      out.issues.push({ path: `${p}/at`, message: 'must be an ISO-8601 UTC instant ending in Z' });
    if (!isWh(e.wh)) out.issues.push({ path: `${p}/wh`, message: 'must be a whole number of Wh ≥ 0' });
    if (out.issues.length === n)
      out.registers.push({
        meterId,
        register,
        tariff,
        readAtUtc: new Date(e.at as string).toISOString(),
        valueWh: e.wh as number,
      });
  });
  list('freezes').forEach((e, i) => {
    const p = `${path}/freezes/${i}`;
    if (!isObj(e)) return void out.issues.push({ path: p, message: 'must be an object' });
    const n = out.issues.length;
    const register = registerOf(e, p, out.issues);
    const tariff = tariffOf(e, p, out.issues);
    if (!validDate(e.date)) out.issues.push({ path: `${p}/date`, message: 'must be a date YYYY-MM-DD' });
    if (!isWh(e.wh)) out.issues.push({ path: `${p}/wh`, message: 'must be a whole number of Wh ≥ 0' });
    if (out.issues.length === n)
      out.freezes.push({ meterId, register, tariff, date: e.date as string, valueWh: e.wh as number });
  });
  list('events').forEach((e, i) => {
    const p = `${path}/events/${i}`;
    if (!isObj(e)) return void out.issues.push({ path: p, message: 'must be an object' });
    const n = out.issues.length;
    if (typeof e.kind !== 'string' || !isMeterEventKind(e.kind))
      out.issues.push({ path: `${p}/kind`, message: 'not a known meter event kind' });
    if (typeof e.at !== 'string' || !INSTANT.test(e.at) || Number.isNaN(Date.parse(e.at)))
      out.issues.push({ path: `${p}/at`, message: 'must be an ISO-8601 UTC instant ending in Z' });
    const src = e.source ?? source;
    if (typeof src !== 'string' || !EVENT_SOURCES.includes(src))
      out.issues.push({ path: `${p}/source`, message: `one of ${EVENT_SOURCES.join(', ')}` });
    const detail = e.detail ?? {};
    if (!isObj(detail) || Object.values(detail).some((v) => typeof v !== 'string' && typeof v !== 'number'))
      out.issues.push({ path: `${p}/detail`, message: 'must be an object of strings and numbers' });
    if (out.issues.length === n)
      out.events.push({
        meterId,
        kind: e.kind as MeterEvent['kind'],
        atUtc: new Date(e.at as string).toISOString(),
        source: src as MeterEvent['source'],
        detail: detail as Record<string, string | number>,
      });
  });
  return out;
}

function validDate(v: unknown): v is string {
  if (typeof v !== 'string' || !DATE.test(v)) return false;
  // Date.parse accepts 2026-02-30 (it rolls over); a real calendar day reads back the same.
  const t = Date.parse(`${v}T00:00:00Z`);
  return !Number.isNaN(t) && new Date(t).toISOString().slice(0, 10) === v;
}

function registerOf(e: Record<string, unknown>, p: string, issues: Issue[]): string {
  const r = e.register ?? 'forward-active';
  if (typeof r !== 'string' || !REGISTER_NAME.test(r)) issues.push({ path: `${p}/register`, message: 'bad name' });
  return String(r);
}

function tariffOf(e: Record<string, unknown>, p: string, issues: Issue[]): number {
  const t = e.tariff ?? 0;
  if (!Number.isInteger(t) || (t as number) < 0 || (t as number) > 63)
    issues.push({ path: `${p}/tariff`, message: 'must be 0–63' });
  return Number(t);
}

function parseInterval(meterId: string, e: unknown, p: string, zone: string, out: ParsedReadingMessage): void {
  if (!isObj(e)) return void out.issues.push({ path: p, message: 'must be an object' });
  const n = out.issues.length;
  const channel = e.channel ?? 1;
  if (!Number.isInteger(channel) || (channel as number) < 1 || (channel as number) > 255)
    out.issues.push({ path: `${p}/channel`, message: 'must be 1–255' });
  if (!validDate(e.date)) return void out.issues.push({ path: `${p}/date`, message: 'must be a date YYYY-MM-DD' });
  const unit = e.unit ?? 'Wh';
  if (unit !== 'Wh' && unit !== 'varh') out.issues.push({ path: `${p}/unit`, message: 'must be Wh or varh' });
  const slots = slotCountFor(e.date, zone);
  const start = e.startSlot ?? 0;
  const values = Array.isArray(e.values) ? e.values : null;
  if (!values || values.length === 0 || values.length > SLOTS_PER_BLOCK_MAX)
    return void out.issues.push({ path: `${p}/values`, message: 'must be a non-empty array' });
  if (!Number.isInteger(start) || (start as number) < 0 || (start as number) + values.length > slots)
    out.issues.push({ path: `${p}/startSlot`, message: `the values must fit in slots 0–${slots - 1}` });
  const q = e.quality;
  if (q !== undefined && (typeof q !== 'string' || q.length !== values.length || /[^AEDS]/.test(q)))
    out.issues.push({ path: `${p}/quality`, message: 'one letter A, E, D or S per value' });
  values.forEach((v, i) => {
    if (v !== null && (!Number.isInteger(v) || (v as number) > 0x7fffffff || (v as number) < -0x80000000))
      out.issues.push({ path: `${p}/values/${i}`, message: 'must be an Int32 integer or null' });
  });
  if (out.issues.length !== n) return;
  const full = new Int32Array(slots);
  const quality = new Uint8Array(slots).fill(QUALITY.MISSING);
  values.forEach((v, i) => {
    if (v === null) return;
    full[(start as number) + i] = v as number;
    quality[(start as number) + i] = typeof q === 'string' ? QUALITY_BY_LETTER[q[i]] : QUALITY.ACTUAL;
  });
  out.blocks.push(
    blockFrom({ meterId, channel: channel as number, date: e.date }, full, quality, { unit: unit as 'Wh' | 'varh' }),
  );
}
