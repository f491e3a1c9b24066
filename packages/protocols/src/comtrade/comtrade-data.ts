import { AppError, type Issue } from '@meterflow/core';
import type { ComtradeConfig } from './comtrade-config.ts';

/** A record holding more samples than this is refused rather than exhausting memory. */
export const COMTRADE_MAX_SAMPLES = 50_000_000;
/** At most this many problems are listed for one data file. */
export const COMTRADE_MAX_ISSUES = 100;

export interface ComtradeRecord {
  config: ComtradeConfig;
  sampleCount: number;
  /** Seconds from the first sample: from the sample rates, or from time stamps when the rate is 0. */
  timesS: Float64Array;
  /** Scaled values (multiplier × raw + offset), one array per analog channel; missing samples are NaN. */
  analog: Float64Array[];
  digital: Uint8Array[];
}

const MISSING_INT16 = -0x8000;
const MISSING_INT32 = -0x80000000;
const MISSING_ASCII_1999 = 99999;

function expectedSamples(cfg: ComtradeConfig): number {
  return cfg.rates[cfg.rates.length - 1]?.endSample ?? 0;
}

/** Times from the rate sections; NaN where a section's rate is 0 (time stamps are used there). */
function rateTimes(cfg: ComtradeConfig, n: number): Float64Array {
  const t = new Float64Array(n);
  let s = 0;
  let base = 0;
  let prevEnd = 0;
  for (const r of cfg.rates) {
    for (; s < Math.min(n, r.endSample); s++) t[s] = r.rateHz > 0 ? base + (s - prevEnd) / r.rateHz : NaN;
    if (r.rateHz > 0) base += (r.endSample - prevEnd) / r.rateHz;
    prevEnd = r.endSample;
  }
  return t;
}

function emptyRecord(cfg: ComtradeConfig, n: number): ComtradeRecord {
  if (!(n >= 0 && n <= COMTRADE_MAX_SAMPLES)) {
    throw new AppError('IMPORT_REJECTED', `COMTRADE data: ${n} samples is beyond the limit of ${COMTRADE_MAX_SAMPLES}`);
  }
  return {
    config: cfg,
    sampleCount: n,
    timesS: rateTimes(cfg, n),
    analog: cfg.analog.map(() => new Float64Array(n)),
    digital: cfg.digital.map(() => new Uint8Array(n)),
  };
}

function finishTimes(rec: ComtradeRecord, stampsUs: Float64Array): void {
  const mult = rec.config.timeMultiplier || 1;
  for (let s = 0; s < rec.sampleCount; s++) {
    if (Number.isNaN(rec.timesS[s])) rec.timesS[s] = ((stampsUs[s] - stampsUs[0]) * mult) / 1e6;
  }
}

const reject = (what: string, issues: Issue[]): never => {
  throw new AppError('IMPORT_REJECTED', `COMTRADE ${what} rejected: ${issues[0].path}: ${issues[0].message}`, issues);
};

/** Parses an ASCII .dat; `firstLineNumber` shifts line numbers when the data sits inside a .cff. */
export function parseComtradeAsciiData(cfg: ComtradeConfig, text: string, firstLineNumber = 1): ComtradeRecord {
  const rows = text.replace(/\r/g, '').split('\n');
  while (rows.length && rows[rows.length - 1].trim() === '') rows.pop();
  const n = expectedSamples(cfg);
  const issues: Issue[] = [];
  if (rows.length !== n) {
    issues.push({
      path: `line ${firstLineNumber + Math.min(rows.length, n)}`,
      message: `expected ${n} samples (endsamp), found ${rows.length} lines`,
    });
  }
  const rec = emptyRecord(cfg, Math.min(n, rows.length));
  const stamps = new Float64Array(rec.sampleCount);
  const nA = cfg.analog.length;
  const width = 2 + nA + cfg.digital.length;
  const missing = cfg.revision === 2013 ? NaN : MISSING_ASCII_1999;
  for (let s = 0; s < rec.sampleCount && issues.length < COMTRADE_MAX_ISSUES; s++) {
    const path = `line ${firstLineNumber + s}`;
    const f = rows[s].split(',');
    if (f.length !== width) {
      issues.push({ path, message: `expected ${width} fields, found ${f.length}` });
      continue;
    }
    stamps[s] = f[1].trim() === '' ? NaN : Number(f[1]);
    for (let k = 0; k < f.length; k++) {
      const raw = f[k].trim();
      if (k >= 2 && raw === '') continue;
      if (!Number.isFinite(Number(raw))) issues.push({ path, message: `field ${k + 1}: "${raw}" is not a number` });
    }
    for (let c = 0; c < nA; c++) {
      const raw = f[2 + c].trim();
      const x = Number(raw);
      const ch = cfg.analog[c];
      rec.analog[c][s] = raw === '' || x === missing ? NaN : ch.multiplier * x + ch.offset;
    }
    for (let d = 0; d < cfg.digital.length; d++) rec.digital[d][s] = Number(f[2 + nA + d]) ? 1 : 0;
  }
  if (issues.length) reject('ASCII data', issues);
  finishTimes(rec, stamps);
  return rec;
}

/** Parses a BINARY, BINARY32 or FLOAT32 .dat (little-endian); `byteBase` shifts offsets inside a .cff. */
export function parseComtradeBinaryData(cfg: ComtradeConfig, bytes: Uint8Array, byteBase = 0): ComtradeRecord {
  const valueBytes = cfg.format === 'BINARY' ? 2 : 4;
  const words = Math.ceil(cfg.digital.length / 16);
  const recordBytes = 8 + valueBytes * cfg.analog.length + 2 * words;
  const n = expectedSamples(cfg);
  const found = Math.floor(bytes.length / recordBytes);
  if (found !== n || bytes.length % recordBytes !== 0) {
    const at = byteBase + Math.min(found, n) * recordBytes;
    reject('binary data', [
      {
        path: `byte ${at}`,
        message: `expected ${n} records of ${recordBytes} bytes (${n * recordBytes} bytes), found ${bytes.length} bytes`,
      },
    ]);
  }
  const rec = emptyRecord(cfg, n);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  const stamps = new Float64Array(n);
  for (let s = 0; s < n; s++) {
    const at = s * recordBytes;
    const stamp = view.getUint32(at + 4, true);
    stamps[s] = stamp === 0xffffffff ? NaN : stamp;
    for (let c = 0; c < cfg.analog.length; c++) {
      const p = at + 8 + c * valueBytes;
      const ch = cfg.analog[c];
      rec.analog[c][s] = scaled(view, p, cfg.format, ch.multiplier, ch.offset);
    }
    for (let d = 0; d < cfg.digital.length; d++) {
      const word = view.getUint16(at + 8 + valueBytes * cfg.analog.length + 2 * (d >> 4), true);
      rec.digital[d][s] = (word >> (d & 15)) & 1;
    }
  }
  finishTimes(rec, stamps);
  return rec;
}

function scaled(view: DataView, p: number, format: ComtradeConfig['format'], a: number, b: number): number {
  if (format === 'FLOAT32') return a * view.getFloat32(p, true) + b;
  if (format === 'BINARY32') {
    const x = view.getInt32(p, true);
    return x === MISSING_INT32 ? NaN : a * x + b;
  }
  const x = view.getInt16(p, true);
  return x === MISSING_INT16 ? NaN : a * x + b;
}
