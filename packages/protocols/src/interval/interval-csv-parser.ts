import { AppError } from '@meterflow/core/errors/error-codes';
import type { IntervalBlock } from '@meterflow/core/metering/interval-block';
import { QUALITY } from '@meterflow/core/metering/quality-flag';
import {
  CSV_BYTES_MAX,
  CSV_CHANNEL_MAX,
  CSV_ERRORS_MAX,
  CSV_FIXED_COLUMNS,
  CSV_METER_ID_MAX_CHARS,
  CSV_QUALITY_BY_LETTER,
} from './interval-csv-format.ts';

/** One problem in one row: 1-based line and column, the column's name, and what is wrong. */
export interface CsvRowError {
  line: number;
  column: number;
  field: string;
  message: string;
}

export interface IntervalCsvResult {
  /** Accepted rows as version-1 blocks, in file order. */
  blocks: IntervalBlock[];
  /** The line each accepted block came from. */
  lines: number[];
  /** Every problem of every rejected row (a row with any problem is rejected whole). */
  errors: CsvRowError[];
  errorsTruncated: boolean;
  rowsRead: number;
}

const COMMA = 44;
const LF = 10;
const CR = 13;
const HASH = 35;
const MINUS = 45;

/** Parses interval CSV v1 with a byte scanner: accepted rows plus a report of every bad row at once. */
export function parseIntervalCsv(input: Uint8Array | string): IntervalCsvResult {
  const bytes = typeof input === 'string' ? new TextEncoder().encode(input) : input;
  if (bytes.length > CSV_BYTES_MAX)
    throw new AppError('IMPORT_REJECTED', `file exceeds ${CSV_BYTES_MAX} bytes`, [
      { path: 'byte 0', message: 'too large' },
    ]);
  const p = new Parser(bytes);
  p.readHeader();
  p.readRows();
  return { blocks: p.blocks, lines: p.lines, errors: p.errors, errorsTruncated: p.truncated, rowsRead: p.rowsRead };
}

class Parser {
  pos = 0;
  line = 0;
  slots = 0;
  slotMinutes = 15;
  rowsRead = 0;
  truncated = false;
  rowBad = false;
  readonly blocks: IntervalBlock[] = [];
  readonly lines: number[] = [];
  readonly errors: CsvRowError[] = [];
  private readonly dates = new Map<number, string | null>();
  constructor(private readonly b: Uint8Array) {}

  private isEol(i: number): boolean {
    return i >= this.b.length || this.b[i] === LF || this.b[i] === CR;
  }

  private fieldEnd(i: number): number {
    const b = this.b;
    while (i < b.length && b[i] !== COMMA && b[i] !== LF && b[i] !== CR) i++;
    return i;
  }

  private nextLine(): void {
    const b = this.b;
    while (this.pos < b.length && b[this.pos] !== LF) this.pos++;
    this.pos++;
  }

  private fail(column: number, field: string, message: string): void {
    this.rowBad = true;
    if (this.errors.length >= CSV_ERRORS_MAX) {
      this.truncated = true;
      return;
    }
    this.errors.push({ line: this.line, column, field, message });
  }

  readHeader(): void {
    while (this.pos < this.b.length) {
      this.line++;
      const start = this.pos;
      this.nextLine();
      if (this.b[start] === HASH || this.isEol(start)) continue;
      const text = new TextDecoder().decode(this.b.subarray(start, Math.min(this.pos, this.b.length))).trim();
      const cols = text.split(',');
      const problems: string[] = [];
      CSV_FIXED_COLUMNS.forEach((c, i) => cols[i] !== c && problems.push(`column ${i + 1} must be "${c}"`));
      cols.slice(3).forEach((c, i) => c !== `v${i + 1}` && problems.push(`column ${i + 4} must be "v${i + 1}"`));
      this.slots = cols.length - 3;
      if (this.slots < 1 || 1440 % this.slots !== 0) problems.push(`${this.slots} value columns do not divide a day`);
      if (problems.length) {
        throw new AppError(
          'IMPORT_REJECTED',
          `interval CSV header on line ${this.line}: ${problems[0]}`,
          problems.map((message) => ({ path: `line ${this.line}`, message })),
        );
      }
      this.slotMinutes = 1440 / this.slots;
      return;
    }
    throw new AppError('IMPORT_REJECTED', 'interval CSV has no header line', [
      { path: 'line 1', message: 'no header' },
    ]);
  }

  readRows(): void {
    const b = this.b;
    while (this.pos < b.length) {
      this.line++;
      const c = b[this.pos];
      if (c === HASH || c === LF || (c === CR && b[this.pos + 1] === LF)) {
        this.nextLine();
        continue;
      }
      this.rowsRead++;
      this.readRow();
      this.nextLine();
    }
  }

  private readRow(): void {
    this.rowBad = false;
    const line = this.line;
    const meterId = this.readMeter();
    const channel = this.readChannel();
    const date = this.readDate();
    const values = new Int32Array(this.slots);
    const quality = new Uint8Array(this.slots);
    this.readValues(values, quality);
    if (this.rowBad) return;
    this.blocks.push({
      meterId,
      channel,
      date,
      unit: 'Wh',
      slotMinutes: this.slotMinutes,
      version: 1,
      values,
      quality,
    });
    this.lines.push(line);
  }

  private readMeter(): string {
    const b = this.b;
    const a = this.pos;
    const e = this.fieldEnd(a);
    this.pos = e;
    let s = '';
    let ok = e > a && e - a <= CSV_METER_ID_MAX_CHARS;
    for (let i = a; i < e; i++) {
      const c = b[i];
      const valid =
        (c >= 48 && c <= 57) || (c >= 65 && c <= 90) || (c >= 97 && c <= 122) || c === 95 || c === 46 || c === 45;
      if (!valid) ok = false;
      s += String.fromCharCode(c);
    }
    if (!ok)
      this.fail(1, 'meter', `meter id must be 1–${CSV_METER_ID_MAX_CHARS} characters of 0-9 A-Z a-z _ . -, got "${s}"`);
    return s;
  }

  private expectComma(column: number, field: string): boolean {
    if (this.b[this.pos] === COMMA) {
      this.pos++;
      return true;
    }
    this.fail(column, field, 'missing');
    return false;
  }

  private readChannel(): number {
    if (!this.expectComma(2, 'channel')) return 0;
    const a = this.pos;
    const e = this.fieldEnd(a);
    this.pos = e;
    let v = 0;
    let ok = e > a && e - a <= 3;
    for (let i = a; i < e; i++) {
      const d = this.b[i] - 48;
      if (d < 0 || d > 9) ok = false;
      v = v * 10 + d;
    }
    if (!ok || v < 1 || v > CSV_CHANNEL_MAX)
      this.fail(2, 'channel', `channel must be a whole number 1–${CSV_CHANNEL_MAX}`);
    return v;
  }

  private readDate(): string {
    if (!this.expectComma(3, 'date')) return '';
    const a = this.pos;
    const e = this.fieldEnd(a);
    this.pos = e;
    const s = e - a === 10 ? this.dateAt(a) : null;
    if (s === null) this.fail(3, 'date', 'date must be a real calendar day written YYYY-MM-DD');
    return s ?? '';
  }

  /** Dates repeat on almost every row, so each distinct one is checked and turned into a string once. */
  private dateAt(a: number): string | null {
    const b = this.b;
    if (b[a + 4] !== MINUS || b[a + 7] !== MINUS) return null;
    let key = 0;
    for (const i of [0, 1, 2, 3, 5, 6, 8, 9]) {
      const d = b[a + i] - 48;
      if (d < 0 || d > 9) return null;
      key = key * 10 + d;
    }
    let s = this.dates.get(key);
    if (s === undefined) {
      const y = Math.floor(key / 10000);
      const m = Math.floor(key / 100) % 100;
      const d = key % 100;
      const valid = m >= 1 && m <= 12 && d >= 1 && d <= new Date(Date.UTC(y, m, 0)).getUTCDate() && y >= 1970;
      s = valid ? `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}` : null;
      this.dates.set(key, s);
    }
    return s;
  }

  private readValues(values: Int32Array, quality: Uint8Array): void {
    const b = this.b;
    const n = this.slots;
    for (let k = 0; k < n; k++) {
      if (b[this.pos] !== COMMA) {
        this.fail(4 + k, `v${k + 1}`, `row has ${k} of ${n} values`);
        return;
      }
      let i = ++this.pos;
      const c0 = b[i];
      if (c0 === COMMA || this.isEol(i)) {
        quality[k] = QUALITY.MISSING;
        continue;
      }
      const neg = c0 === MINUS;
      if (neg) i++;
      const d0 = i;
      let v = 0;
      let d = b[i] - 48;
      while (d >= 0 && d <= 9) {
        v = v * 10 + d;
        d = b[++i] - 48;
      }
      const digits = i - d0;
      let q: number | undefined = QUALITY.ACTUAL;
      const c = b[i];
      if (c !== COMMA && !this.isEol(i)) {
        q = CSV_QUALITY_BY_LETTER[c];
        i++;
      }
      if (q === undefined || digits === 0 || (b[i] !== COMMA && !this.isEol(i))) {
        this.pos = this.fieldEnd(i);
        this.fail(4 + k, `v${k + 1}`, 'value must be an integer Wh, optionally followed by A, E, D or S');
        continue;
      }
      this.pos = i;
      if (digits > 10 || v > (neg ? 2147483648 : 2147483647))
        this.fail(4 + k, `v${k + 1}`, 'value outside the Int32 range');
      values[k] = neg ? -v : v;
      quality[k] = q;
    }
    if (b[this.pos] === COMMA) this.fail(4 + n, `v${n + 1}`, `row has more than ${n} values`);
  }
}
