import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import { slotCountFor } from '@meterflow/core/metering/slot-count';

/**
 * Importer for the UCI "Individual household electric power consumption" minute file
 * (G. Hébrail and A. Bérard, UCI Machine Learning Repository, CC BY 4.0): `;`-separated, with
 * `Date` (d/m/yyyy), `Time` (hh:mm:ss) and `Global_active_power` (minute-average kW, 3 decimals,
 * `?` when missing). Quoted fields and extra columns (as in some published cuts) are accepted.
 *
 * Each minute's energy is kW × 1000 W·min; a register reconstructed from the running sum counts
 * whole Wh (floor of W·min / 60), and every 15-minute value is that register's advance over the
 * slot, so intervals add up to the register exactly and each is within 1 Wh of the true energy.
 * Slot quality: ACTUAL with all 15 minutes, SUSPECT when some are missing (the value is short),
 * MISSING when none arrived. The file's wall-clock time is taken as local time in `zone`.
 */
export const UCI_ROWS_MAX = 5_000_000;
export const UCI_ERRORS_MAX = 10_000;
const MINUTES_PER_SLOT = 15;
const SLOTS = 96;

export interface UciImportOptions {
  meterId: string;
  channel?: number;
  /** Register reading before the first minute, Wh. */
  registerStartWh?: number;
  /** The household's zone (the data is from France); only used to derive each day's slot count. */
  zone?: string;
}

export interface DayRegister {
  date: string;
  startWh: number;
  endWh: number;
  /** Register at the end of each slot, Wh. */
  slotEndWh: Float64Array;
}

export interface UciImportResult {
  blocks: IntervalBlock[];
  registers: DayRegister[];
  minutesRead: number;
  minutesMissing: number;
  errors: { line: number; message: string }[];
}

interface DayAccumulator {
  wattMinutes: Float64Array;
  minutesPresent: Uint8Array;
  seen: Uint8Array;
}

/** Turns the minute file into 15-minute Wh blocks and a cumulative register (see the module comment). */
export function importUciHousehold(text: string, options: UciImportOptions): UciImportResult {
  const lines = text.split(/\r?\n/);
  if (lines.length > UCI_ROWS_MAX) throw new RangeError(`more than ${UCI_ROWS_MAX} lines`);
  const header = lines[0].split(';').map(unquote);
  const col = {
    date: header.indexOf('Date'),
    time: header.indexOf('Time'),
    power: header.indexOf('Global_active_power'),
  };
  const errors: UciImportResult['errors'] = [];
  if (col.date < 0 || col.time < 0 || col.power < 0) {
    errors.push({ line: 1, message: 'header needs Date, Time and Global_active_power columns' });
    return { blocks: [], registers: [], minutesRead: 0, minutesMissing: 0, errors };
  }
  const days = new Map<string, DayAccumulator>();
  let minutesRead = 0;
  let minutesMissing = 0;
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i].trim()) continue;
    const f = lines[i].split(';').map(unquote);
    const r = readMinute(f[col.date], f[col.time], f[col.power]);
    if (typeof r === 'string') {
      if (errors.length < UCI_ERRORS_MAX) errors.push({ line: i + 1, message: r });
      continue;
    }
    const acc = days.get(r.date) ?? newDay(days, r.date);
    if (acc.seen[r.minute]) {
      if (errors.length < UCI_ERRORS_MAX)
        errors.push({ line: i + 1, message: `minute ${f[col.time]} of ${r.date} appears twice` });
      continue;
    }
    acc.seen[r.minute] = 1;
    minutesRead++;
    if (r.watts === null) minutesMissing++;
    else {
      acc.wattMinutes[Math.floor(r.minute / MINUTES_PER_SLOT)] += r.watts;
      acc.minutesPresent[Math.floor(r.minute / MINUTES_PER_SLOT)]++;
    }
  }
  const out = buildBlocks(days, options, errors);
  return { ...out, minutesRead, minutesMissing, errors };
}

function unquote(s: string | undefined): string {
  const t = (s ?? '').trim();
  return t.length >= 2 && t.startsWith('"') && t.endsWith('"') ? t.slice(1, -1) : t;
}

function newDay(days: Map<string, DayAccumulator>, date: string): DayAccumulator {
  const acc = {
    wattMinutes: new Float64Array(SLOTS),
    minutesPresent: new Uint8Array(SLOTS),
    seen: new Uint8Array(1440),
  };
  days.set(date, acc);
  return acc;
}

/** One row → local date, minute of day and watts (null for `?`), or what is wrong with it. */
function readMinute(
  dateText = '',
  timeText = '',
  powerText = '',
): { date: string; minute: number; watts: number | null } | string {
  const d = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/.exec(dateText);
  if (!d) return `Date "${dateText}" is not d/m/yyyy`;
  const [day, month, year] = [Number(d[1]), Number(d[2]), Number(d[3])];
  if (month < 1 || month > 12 || day < 1 || day > new Date(Date.UTC(year, month, 0)).getUTCDate())
    return `Date "${dateText}" is not a calendar day`;
  const t = /^(\d{1,2}):(\d{2})(?::(\d{2}))?$/.exec(timeText);
  if (!t || Number(t[1]) > 23 || Number(t[2]) > 59) return `Time "${timeText}" is not hh:mm:ss`;
  const date = `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`;
  const minute = Number(t[1]) * 60 + Number(t[2]);
  if (powerText === '?' || powerText === '') return { date, minute, watts: null };
  const p = /^(\d{1,4})(?:\.(\d{1,3}))?$/.exec(powerText);
  if (!p) return `Global_active_power "${powerText}" is not kW with at most 3 decimals`;
  return { date, minute, watts: Number(p[1]) * 1000 + Number((p[2] ?? '').padEnd(3, '0')) };
}

function buildBlocks(
  days: Map<string, DayAccumulator>,
  options: UciImportOptions,
  errors: UciImportResult['errors'],
): Pick<UciImportResult, 'blocks' | 'registers'> {
  const blocks: IntervalBlock[] = [];
  const registers: DayRegister[] = [];
  const startWh = options.registerStartWh ?? 0;
  let cumWattMinutes = 0;
  for (const date of [...days.keys()].sort()) {
    if (slotCountFor(date, options.zone ?? 'Europe/Paris') !== SLOTS) {
      errors.push({ line: 0, message: `${date} is a clock-change day; the UCI importer only handles 96-slot days` });
      continue;
    }
    const acc = days.get(date)!;
    const values = new Int32Array(SLOTS);
    const quality = new Uint8Array(SLOTS);
    const slotEndWh = new Float64Array(SLOTS);
    const dayStartWh = startWh + Math.floor(cumWattMinutes / 60);
    let prevWh = dayStartWh;
    for (let s = 0; s < SLOTS; s++) {
      cumWattMinutes += acc.wattMinutes[s];
      slotEndWh[s] = startWh + Math.floor(cumWattMinutes / 60);
      values[s] = slotEndWh[s] - prevWh;
      prevWh = slotEndWh[s];
      const present = acc.minutesPresent[s];
      quality[s] = present === MINUTES_PER_SLOT ? QUALITY.ACTUAL : present === 0 ? QUALITY.MISSING : QUALITY.SUSPECT;
    }
    blocks.push({
      meterId: options.meterId,
      channel: options.channel ?? 1,
      date,
      unit: 'Wh',
      slotMinutes: MINUTES_PER_SLOT,
      version: 1,
      values,
      quality,
    });
    registers.push({ date, startWh: dayStartWh, endWh: prevWh, slotEndWh });
  }
  return { blocks, registers };
}
