import { AppError, type Issue } from '@meterflow/core';

/** A file may list at most this many channels; a larger count is a corrupt header, not a real recorder. */
export const COMTRADE_MAX_CHANNELS = 10_000;
/** At most this many sample-rate sections. */
export const COMTRADE_MAX_RATES = 1_000;

export type ComtradeDataFormat = 'ASCII' | 'BINARY' | 'BINARY32' | 'FLOAT32';

export interface ComtradeAnalogChannel {
  index: number;
  id: string;
  phase: string;
  circuit: string;
  unit: string;
  /** value = multiplier × raw + offset (the a and b of the standard). */
  multiplier: number;
  offset: number;
  skewUs: number;
  min: number;
  max: number;
  primary: number;
  secondary: number;
  /** Whether a·x+b gives primary (P) or secondary (S) values. */
  primarySecondary: 'P' | 'S';
}

export interface ComtradeDigitalChannel {
  index: number;
  id: string;
  phase: string;
  circuit: string;
  normalState: number;
}

export interface ComtradeConfig {
  stationName: string;
  deviceId: string;
  revision: 1991 | 1999 | 2013;
  analog: ComtradeAnalogChannel[];
  digital: ComtradeDigitalChannel[];
  lineFrequencyHz: number;
  /** Sample-rate sections: rate (samples/s, 0 = use time stamps) up to and including sample endSample. */
  rates: { rateHz: number; endSample: number }[];
  /** Date and time as written, e.g. "12/01/2011,05:55:30.075011". */
  startText: string;
  triggerText: string;
  /** Start of the record in UTC ms, using the 2013 time_code when present; NaN if unparseable. */
  startTimeMs: number;
  format: ComtradeDataFormat;
  timeMultiplier: number;
  timeCode: string;
  localCode: string;
}

/** A cursor over config lines that records problems instead of stopping at the first. */
class Lines {
  readonly issues: Issue[] = [];
  private i = 0;
  constructor(
    private readonly lines: string[],
    private readonly firstLineNumber: number,
  ) {}
  lineNo(): number {
    return this.firstLineNumber + this.i;
  }
  next(what: string): string[] | null {
    if (this.i >= this.lines.length) {
      this.issues.push({ path: `line ${this.lineNo()}`, message: `missing ${what}: the configuration ends early` });
      return null;
    }
    return this.lines[this.i++].split(',').map((f) => f.trim());
  }
  hasMore(): boolean {
    return this.i < this.lines.length && this.lines[this.i].trim() !== '';
  }
  num(fields: string[] | null, k: number, what: string, line: number, optional = false): number {
    const text = fields?.[k];
    if (text === undefined || text === '') {
      if (!optional && fields)
        this.issues.push({ path: `line ${line}`, message: `field ${k + 1} (${what}) is missing` });
      return NaN;
    }
    const v = Number(text);
    if (!Number.isFinite(v))
      this.issues.push({ path: `line ${line}`, message: `field ${k + 1} (${what}): "${text}" is not a number` });
    return v;
  }
}

const reject = (issues: Issue[]): never => {
  throw new AppError(
    'IMPORT_REJECTED',
    `COMTRADE configuration rejected: ${issues[0].path}: ${issues[0].message}`,
    issues,
  );
};

/** Parses a .cfg file (1991, 1999 or 2013 revision); `firstLineNumber` shifts line numbers for .cff sections. */
export function parseComtradeConfig(text: string, firstLineNumber = 1): ComtradeConfig {
  const lines = new Lines(text.replace(/\r/g, '').split('\n'), firstLineNumber);
  const head = lines.next('station line') ?? [];
  const revision = head[2] === '1999' ? 1999 : head[2] === '2013' ? 2013 : 1991;
  if (head[2] && head[2] !== '1991' && revision === 1991) {
    lines.issues.push({ path: `line ${firstLineNumber}`, message: `unknown revision year "${head[2]}"` });
  }
  const countsLine = lines.lineNo();
  const counts = lines.next('channel counts');
  const total = lines.num(counts, 0, 'total channels', countsLine);
  const nA = parseCount(counts?.[1], 'A', countsLine, lines.issues);
  const nD = parseCount(counts?.[2], 'D', countsLine, lines.issues);
  if (lines.issues.length) reject(lines.issues);
  if (total !== nA + nD) lines.issues.push({ path: `line ${countsLine}`, message: `total ${total} ≠ ${nA}A + ${nD}D` });
  const analog = Array.from({ length: nA }, () => analogChannel(lines));
  const digital = Array.from({ length: nD }, () => digitalChannel(lines, revision));
  const tail = timingSection(lines, revision);
  if (lines.issues.length) reject(lines.issues);
  return { stationName: head[0] ?? '', deviceId: head[1] ?? '', revision, analog, digital, ...tail };
}

function parseCount(text: string | undefined, suffix: 'A' | 'D', line: number, issues: Issue[]): number {
  const m = new RegExp(`^(\\d+)${suffix}$`, 'i').exec(text ?? '');
  const n = m ? Number(m[1]) : NaN;
  if (!m || n > COMTRADE_MAX_CHANNELS) {
    issues.push({
      path: `line ${line}`,
      message: `expected the ${suffix === 'A' ? 'analog' : 'digital'} count like "4${suffix}", got "${text ?? ''}"`,
    });
    return 0;
  }
  return n;
}

function analogChannel(lines: Lines): ComtradeAnalogChannel {
  const line = lines.lineNo();
  const f = lines.next('analog channel line');
  const ps = (f?.[12] ?? 'P').toUpperCase();
  if (f && ps !== 'P' && ps !== 'S')
    lines.issues.push({ path: `line ${line}`, message: `field 13 (PS) must be P or S, got "${f[12]}"` });
  return {
    index: lines.num(f, 0, 'An', line),
    id: f?.[1] ?? '',
    phase: f?.[2] ?? '',
    circuit: f?.[3] ?? '',
    unit: f?.[4] ?? '',
    multiplier: lines.num(f, 5, 'a', line),
    offset: lines.num(f, 6, 'b', line),
    skewUs: lines.num(f, 7, 'skew', line, true) || 0,
    min: lines.num(f, 8, 'min', line),
    max: lines.num(f, 9, 'max', line),
    primary: lines.num(f, 10, 'primary', line, true) || 1,
    secondary: lines.num(f, 11, 'secondary', line, true) || 1,
    primarySecondary: ps === 'S' ? 'S' : 'P',
  };
}

function digitalChannel(lines: Lines, revision: number): ComtradeDigitalChannel {
  const line = lines.lineNo();
  const f = lines.next('digital channel line');
  const short = revision === 1991 || (f?.length ?? 0) < 5;
  return {
    index: lines.num(f, 0, 'Dn', line),
    id: f?.[1] ?? '',
    phase: short ? '' : (f?.[2] ?? ''),
    circuit: short ? '' : (f?.[3] ?? ''),
    normalState: lines.num(f, short ? 2 : 4, 'y', line, true) || 0,
  };
}

const FORMATS: readonly ComtradeDataFormat[] = ['ASCII', 'BINARY', 'BINARY32', 'FLOAT32'];

type Timing = Omit<ComtradeConfig, 'stationName' | 'deviceId' | 'revision' | 'analog' | 'digital'>;

function timingSection(lines: Lines, revision: number): Timing {
  let line = lines.lineNo();
  const lineFrequencyHz = lines.num(lines.next('line frequency'), 0, 'lf', line);
  line = lines.lineNo();
  const nrates = lines.num(lines.next('number of sample rates'), 0, 'nrates', line);
  if (!(nrates >= 0 && nrates <= COMTRADE_MAX_RATES && Number.isInteger(nrates))) {
    lines.issues.push({ path: `line ${line}`, message: `nrates must be an integer 0..${COMTRADE_MAX_RATES}` });
  }
  const rates: Timing['rates'] = [];
  for (let r = 0; r < Math.max(1, Number.isInteger(nrates) ? nrates : 0); r++) {
    line = lines.lineNo();
    const f = lines.next('sample rate line');
    rates.push({ rateHz: lines.num(f, 0, 'samp', line), endSample: lines.num(f, 1, 'endsamp', line) });
  }
  const startLine = lines.lineNo();
  const startText = (lines.next('start date and time') ?? []).join(',');
  const triggerText = (lines.next('trigger date and time') ?? []).join(',');
  line = lines.lineNo();
  const ft = (lines.next('data file type') ?? [''])[0].toUpperCase() as ComtradeDataFormat;
  if (!FORMATS.includes(ft))
    lines.issues.push({ path: `line ${line}`, message: `file type must be one of ${FORMATS.join(', ')}, got "${ft}"` });
  let timeMultiplier = 1;
  if (revision >= 1999 && lines.hasMore()) {
    line = lines.lineNo();
    timeMultiplier = lines.num(lines.next('time multiplier'), 0, 'timemult', line);
  }
  let timeCode = '';
  let localCode = '';
  if (revision >= 2013 && lines.hasMore()) {
    const f = lines.next('time codes') ?? [];
    timeCode = f[0] ?? '';
    localCode = f[1] ?? '';
  }
  const startTimeMs = parseStart(startText, revision, timeCode);
  if (Number.isNaN(startTimeMs))
    lines.issues.push({ path: `line ${startLine}`, message: `start "${startText}" is not dd/mm/yyyy,hh:mm:ss.ssssss` });
  return {
    lineFrequencyHz,
    rates,
    startText,
    triggerText,
    startTimeMs,
    format: ft,
    timeMultiplier,
    timeCode,
    localCode,
  };
}

/** "-5h30" → −330 minutes; "" or "x" (not used) → 0. */
function offsetMinutes(code: string): number {
  const m = /^([+-]?)(\d{1,2})(?:h(\d{1,2}))?$/.exec(code.trim());
  if (!m) return 0;
  const v = Number(m[2]) * 60 + Number(m[3] ?? 0);
  return m[1] === '-' ? -v : v;
}

function parseStart(text: string, revision: number, timeCode: string): number {
  const m = /^(\d{1,2})\/(\d{1,2})\/(\d{2,4}),(\d{1,2}):(\d{2}):(\d{2}(?:\.\d*)?)$/.exec(text.trim());
  if (!m) return NaN;
  // 1991 files write mm/dd/yy; later revisions dd/mm/yyyy.
  const [day, month] = revision === 1991 ? [Number(m[2]), Number(m[1])] : [Number(m[1]), Number(m[2])];
  const year = m[3].length === 2 ? 1900 + Number(m[3]) + (Number(m[3]) < 70 ? 100 : 0) : Number(m[3]);
  const seconds = Number(m[6]);
  const local = Date.UTC(year, month - 1, day, Number(m[4]), Number(m[5])) + seconds * 1000;
  return local - offsetMinutes(timeCode) * 60_000;
}
