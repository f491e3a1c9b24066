import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname } from 'node:path';
import type { Command } from 'commander';
import { AppError } from '@meterflow/core';
import { analysePowerQuality, limitSetIds, round4, type PqReport } from '@meterflow/core/monitoring/pq/index';
import { comtradeToWaveform, readComtrade, readComtradeCff, readWaveformCsv } from '@meterflow/protocols';

/** Largest waveform file read: about 10 minutes of six channels at 10 kHz as CSV. */
const MAX_FILE_BYTES = 512 * 1024 * 1024;

interface AnalyzeOptions {
  input: string;
  format?: 'csv' | 'comtrade';
  nominalV: string;
  freq: string;
  limits: string;
}

function readBytes(path: string): Buffer {
  try {
    if (statSync(path).size > MAX_FILE_BYTES) throw new Error(`larger than ${MAX_FILE_BYTES} bytes`);
    return readFileSync(path);
  } catch (e) {
    throw new AppError('IMPORT_REJECTED', `cannot read ${path}: ${(e as Error).message}`, [
      { path, message: (e as Error).message },
    ]);
  }
}

function guessFormat(path: string): 'csv' | 'comtrade' {
  const ext = extname(path).toLowerCase();
  if (ext === '.csv') return 'csv';
  if (ext === '.cfg' || ext === '.cff' || ext === '.dat') return 'comtrade';
  throw new AppError(
    'VALIDATION_FAILED',
    `cannot tell the format of ${path} from its extension; pass --format csv|comtrade`,
    [{ path: '--format', message: 'missing and not guessable' }],
  );
}

/** A .cfg needs its .dat beside it (either case of extension); a .dat its .cfg. */
function readComtradeFiles(path: string) {
  const ext = extname(path);
  if (ext.toLowerCase() === '.cff') return readComtradeCff(readBytes(path));
  const base = path.slice(0, -ext.length);
  const find = (e: string): string => [base + e, base + e.toUpperCase()].find((p) => existsSync(p)) ?? base + e;
  return readComtrade(readBytes(find('.cfg')), readBytes(find('.dat')));
}

function loadWaveform(path: string, format: 'csv' | 'comtrade') {
  if (format === 'comtrade') return comtradeToWaveform(readComtradeFiles(path));
  const csv = readWaveformCsv(readBytes(path).toString('utf8'));
  const ch = (names: string[]) =>
    names.filter((n) => csv.channels[n]).map((n) => ({ name: n, samples: csv.channels[n] }));
  return {
    sampleRateHz: csv.sampleRateHz,
    startTimeMs: NaN,
    voltages: ch(['va', 'vb', 'vc']),
    currents: ch(['ia', 'ib', 'ic']),
  };
}

function positive(text: string, option: string): number {
  const v = Number(text);
  if (!(v > 0))
    throw new AppError('VALIDATION_FAILED', `${option} must be a positive number, got "${text}"`, [
      { path: option, message: 'not a positive number' },
    ]);
  return v;
}

function eventsJson(report: PqReport, known: boolean) {
  return report.events.map((e) => ({
    kind: e.kind,
    phases: e.phases,
    start: known ? new Date(e.startMs).toISOString() : null,
    startS: round4(e.startS),
    durationS: round4(e.durationS),
    ...(e.kind === 'swell'
      ? { peakV: round4(e.extremeV), peakPct: round4(e.extremePct) }
      : { residualV: round4(e.extremeV), residualPct: round4(e.extremePct) }),
    ongoing: e.ongoing,
  }));
}

export function registerPq(program: Command): void {
  const pq = program.command('pq').description('power-quality analysis of waveform records');
  pq.command('analyze')
    .description(
      'events (dips, swells, interruptions) and metrics (harmonics, THD, unbalance, frequency, compliance) as JSON',
    )
    .requiredOption('--input <file>', 'waveform CSV (time,va,vb,vc[,ia,ib,ic]) or COMTRADE .cfg/.dat/.cff')
    .option('--format <format>', 'csv or comtrade (default: from the extension)')
    .requiredOption('--nominal-v <volts>', 'declared phase-to-neutral voltage Udin, V')
    .requiredOption('--freq <hz>', 'nominal frequency, 50 or 60 Hz')
    .option('--limits <set>', `limit set: ${limitSetIds().join(', ')}`, 'cn')
    .action((opts: AnalyzeOptions) => {
      const format = opts.format ?? guessFormat(opts.input);
      if (format !== 'csv' && format !== 'comtrade')
        throw new AppError('VALIDATION_FAILED', `--format must be csv or comtrade, got "${format}"`);
      const w = loadWaveform(opts.input, format);
      const known = Number.isFinite(w.startTimeMs);
      const report = analysePowerQuality({
        sampleRateHz: w.sampleRateHz,
        nominalHz: positive(opts.freq, '--freq'),
        declaredVoltageV: positive(opts.nominalV, '--nominal-v'),
        voltages: w.voltages,
        currents: w.currents,
        startTimeMs: known ? w.startTimeMs : 0,
        limitSetId: opts.limits,
      });
      const out = {
        input: opts.input,
        format,
        record: { ...report.record, start: known ? new Date(w.startTimeMs).toISOString() : null },
        events: eventsJson(report, known),
        metrics: report.metrics,
      };
      console.log(JSON.stringify(out, null, 2));
    });
}
