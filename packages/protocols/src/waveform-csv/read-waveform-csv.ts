import { AppError, type Issue } from '@meterflow/core';

/** Rows beyond this are refused: about 100 minutes at 10 kHz, well past any one capture. */
export const WAVEFORM_CSV_MAX_ROWS = 60_000_000;
/** At most this many problems are listed. */
export const WAVEFORM_CSV_MAX_ISSUES = 100;

const VOLTAGE_COLUMNS = ['va', 'vb', 'vc'] as const;
const CURRENT_COLUMNS = ['ia', 'ib', 'ic'] as const;
const KNOWN = new Set<string>(['time', 't', ...VOLTAGE_COLUMNS, ...CURRENT_COLUMNS]);

export interface WaveformCsv {
  /** Samples per second, from the span of the time column. */
  sampleRateHz: number;
  timesS: Float64Array;
  /** Channels by lower-case column name: va (and vb, vc), optionally ia, ib, ic. */
  channels: Record<string, Float64Array>;
}

/**
 * Reads a waveform CSV: a header row, the first column time in seconds, then va, vb, vc and
 * optionally ia, ib, ic (any order after time; va alone is a single-phase record).
 * Every problem is reported at once with its line number.
 */
export function readWaveformCsv(text: string): WaveformCsv {
  const lines = text.replace(/\r/g, '').split('\n');
  while (lines.length && lines[lines.length - 1].trim() === '') lines.pop();
  const header = (lines[0] ?? '').split(',').map((h) => h.trim().toLowerCase());
  const issues = checkHeader(header);
  if (issues.length) reject(issues);
  const rows = lines.length - 1;
  if (rows < 2) reject([{ path: `line ${lines.length + 1}`, message: 'need at least two sample rows' }]);
  if (rows > WAVEFORM_CSV_MAX_ROWS)
    reject([{ path: `line ${WAVEFORM_CSV_MAX_ROWS + 2}`, message: `more than ${WAVEFORM_CSV_MAX_ROWS} rows` }]);
  const columns = header.map(() => new Float64Array(rows));
  for (let r = 0; r < rows && issues.length < WAVEFORM_CSV_MAX_ISSUES; r++) {
    const f = lines[r + 1].split(',');
    if (f.length !== header.length) {
      issues.push({ path: `line ${r + 2}`, message: `expected ${header.length} fields, found ${f.length}` });
      continue;
    }
    for (let c = 0; c < f.length; c++) {
      const v = Number(f[c]);
      if (f[c].trim() === '' || !Number.isFinite(v))
        issues.push({ path: `line ${r + 2}`, message: `${header[c]}: "${f[c]}" is not a number` });
      columns[c][r] = v;
    }
  }
  if (issues.length === 0) checkTimes(columns[0], issues);
  if (issues.length) reject(issues);
  const channels: Record<string, Float64Array> = {};
  header.forEach((h, c) => {
    if (c > 0) channels[h] = columns[c];
  });
  const t = columns[0];
  return { sampleRateHz: (rows - 1) / (t[rows - 1] - t[0]), timesS: t, channels };
}

function checkHeader(header: string[]): Issue[] {
  const issues: Issue[] = [];
  if (header[0] !== 'time' && header[0] !== 't')
    issues.push({ path: 'line 1', message: `first column must be "time" (seconds), found "${header[0]}"` });
  if (!header.includes('va')) issues.push({ path: 'line 1', message: 'a "va" column is required' });
  const seen = new Set<string>();
  for (const h of header) {
    if (!KNOWN.has(h))
      issues.push({ path: 'line 1', message: `unknown column "${h}"; expected time, va, vb, vc, ia, ib, ic` });
    if (seen.has(h)) issues.push({ path: 'line 1', message: `column "${h}" appears twice` });
    seen.add(h);
  }
  const phases = VOLTAGE_COLUMNS.filter((v) => seen.has(v)).length;
  if (phases === 2) issues.push({ path: 'line 1', message: 'give one voltage (va) or three (va, vb, vc), not two' });
  return issues;
}

/** Allowed jitter of one time step, as a share of the first step: rounding in the file, not gaps. */
export const WAVEFORM_CSV_STEP_TOLERANCE = 0.25;

/** Times must rise at a steady step: the analysis assumes a fixed sample rate. */
function checkTimes(t: Float64Array, issues: Issue[]): void {
  const step = t[1] - t[0];
  if (!(step > 0)) {
    issues.push({ path: 'line 3', message: 'time must increase' });
    return;
  }
  for (let r = 1; r < t.length && issues.length < WAVEFORM_CSV_MAX_ISSUES; r++) {
    if (Math.abs(t[r] - t[r - 1] - step) > step * WAVEFORM_CSV_STEP_TOLERANCE) {
      issues.push({
        path: `line ${r + 2}`,
        message: `time step ${(t[r] - t[r - 1]).toPrecision(6)} s differs from ${step.toPrecision(6)} s`,
      });
    }
  }
}

function reject(issues: Issue[]): never {
  throw new AppError('IMPORT_REJECTED', `waveform CSV rejected: ${issues[0].path}: ${issues[0].message}`, issues);
}
