import { AppError } from '@meterflow/core';
import { parseComtradeConfig } from './comtrade-config.ts';
import { parseComtradeAsciiData, parseComtradeBinaryData, type ComtradeRecord } from './comtrade-data.ts';

/** Reads a .cfg + .dat pair (any revision, any data format). */
export function readComtrade(cfg: string | Uint8Array, dat: Uint8Array | string): ComtradeRecord {
  const config = parseComtradeConfig(typeof cfg === 'string' ? cfg : latin1(cfg));
  if (config.format === 'ASCII') return parseComtradeAsciiData(config, typeof dat === 'string' ? dat : latin1(dat));
  if (typeof dat === 'string')
    throw new AppError('IMPORT_REJECTED', `COMTRADE ${config.format} data must be given as bytes`);
  return parseComtradeBinaryData(config, dat);
}

const latin1 = (b: Uint8Array): string => new TextDecoder('latin1').decode(b);

const SECTION = /^--- file type: ([A-Z]+)(?: ([A-Z0-9]+))?(?:: ?(\d+))? ---\s*$/i;

interface Section {
  type: string;
  format?: string;
  byteCount?: number;
  /** Line number (1-based) of the section's first content line. */
  firstLine: number;
  /** Byte offset of the section's first content byte. */
  start: number;
  end: number;
}

/** Finds the sections of a .cff by their "--- file type: X ---" lines; a binary DAT is skipped by its byte count. */
function sections(bytes: Uint8Array): Section[] {
  const out: Section[] = [];
  let pos = 0;
  let line = 1;
  while (pos < bytes.length) {
    let eol = bytes.indexOf(0x0a, pos);
    if (eol < 0) eol = bytes.length;
    const text = latin1(bytes.subarray(pos, eol)).replace(/\r$/, '');
    const m = SECTION.exec(text);
    if (m) {
      if (out.length) out[out.length - 1].end = pos;
      const s: Section = {
        type: m[1].toUpperCase(),
        format: m[2]?.toUpperCase(),
        firstLine: line + 1,
        start: eol + 1,
        end: bytes.length,
      };
      if (m[3] !== undefined) s.byteCount = Number(m[3]);
      out.push(s);
      if (s.type === 'DAT' && s.format !== 'ASCII' && s.byteCount !== undefined) {
        s.end = Math.min(bytes.length, s.start + s.byteCount);
        pos = s.end;
        continue;
      }
    } else if (out.length === 0 && text.trim() !== '') {
      throw new AppError('IMPORT_REJECTED', `COMTRADE .cff rejected: line ${line}: expected "--- file type: CFG ---"`, [
        { path: `line ${line}`, message: `expected a "--- file type: CFG ---" line, found "${text.slice(0, 40)}"` },
      ]);
    }
    pos = eol + 1;
    line++;
  }
  return out;
}

/** Reads a single-file .cff (IEEE C37.111-2013): CFG, INF, HDR and DAT sections in one file. */
export function readComtradeCff(bytes: Uint8Array): ComtradeRecord {
  const list = sections(bytes);
  const cfg = list.find((s) => s.type === 'CFG');
  const dat = list.find((s) => s.type === 'DAT');
  const missing = [!cfg && 'CFG', !dat && 'DAT'].filter(Boolean);
  if (missing.length) {
    throw new AppError('IMPORT_REJECTED', `COMTRADE .cff rejected: no ${missing.join(' and ')} section`, [
      { path: 'line 1', message: `the file has no "--- file type: ${missing[0]} ---" section` },
    ]);
  }
  const config = parseComtradeConfig(latin1(bytes.subarray(cfg!.start, cfg!.end)), cfg!.firstLine);
  if (dat!.format && dat!.format !== config.format) {
    throw new AppError(
      'IMPORT_REJECTED',
      `COMTRADE .cff rejected: DAT section says ${dat!.format}, configuration says ${config.format}`,
      [
        {
          path: `line ${dat!.firstLine - 1}`,
          message: `data format ${dat!.format} differs from the configuration's ${config.format}`,
        },
      ],
    );
  }
  const body = bytes.subarray(dat!.start, dat!.end);
  if (config.format === 'ASCII') return parseComtradeAsciiData(config, latin1(body), dat!.firstLine);
  if (dat!.byteCount !== undefined && body.length < dat!.byteCount) {
    throw new AppError('IMPORT_REJECTED', `COMTRADE .cff rejected: DAT section is cut short`, [
      {
        path: `byte ${dat!.start + body.length}`,
        message: `DAT section declares ${dat!.byteCount} bytes, only ${body.length} present`,
      },
    ]);
  }
  return parseComtradeBinaryData(config, body, dat!.start);
}
