import { AppError } from '@meterflow/core';
import type { ComtradeAnalogChannel } from './comtrade-config.ts';
import type { ComtradeRecord } from './comtrade-data.ts';

export interface WaveformChannels {
  sampleRateHz: number;
  /** UTC ms of the first sample (NaN if the file's date is unusable). */
  startTimeMs: number;
  /** Phase voltages in volts, in phase order A, B, C (one channel for a single-phase record). */
  voltages: { name: string; samples: Float64Array }[];
  /** Phase currents in amperes, phase order A, B, C. */
  currents: { name: string; samples: Float64Array }[];
}

const PHASE_ORDER = ['A', 'B', 'C'];

/** The phase letter of a channel: its ph field, or the last letter of its id (VA, IB, ...). */
function phaseOf(ch: ComtradeAnalogChannel): string {
  const ph = ch.phase.trim().toUpperCase();
  if (PHASE_ORDER.includes(ph)) return ph;
  const m = /([ABC])\s*$/i.exec(ch.id.trim());
  return m ? m[1].toUpperCase() : '';
}

function pick(rec: ComtradeRecord, unit: RegExp, base: 'v' | 'i'): WaveformChannels['voltages'] {
  const found = rec.config.analog
    .map((ch, k) => ({ ch, k, phase: phaseOf(ch) }))
    .filter((c) => unit.test(c.ch.unit.trim()) && c.phase !== '')
    .sort((a, b) => PHASE_ORDER.indexOf(a.phase) - PHASE_ORDER.indexOf(b.phase));
  const unique = PHASE_ORDER.map((p) => found.find((c) => c.phase === p)).filter((c) => c !== undefined);
  const chosen = unique.length === 3 ? unique : unique.slice(0, 1);
  return chosen.map(({ ch, k }) => {
    const scale = /^k/i.test(ch.unit.trim()) ? 1000 : 1;
    const samples = scale === 1 ? rec.analog[k] : rec.analog[k].map((v) => v * scale);
    return { name: `${base}${phaseOf(ch).toLowerCase()}`, samples };
  });
}

/** Picks the phase voltage and current channels of a COMTRADE record (by unit and phase) for analysis. */
export function comtradeToWaveform(rec: ComtradeRecord): WaveformChannels {
  const rates = rec.config.rates.filter((r) => r.rateHz > 0);
  if (rates.length !== 1) {
    throw new AppError(
      'IMPORT_REJECTED',
      'COMTRADE record needs exactly one non-zero sample rate for waveform analysis',
      [{ path: 'line 1', message: `found ${rates.length} usable sample-rate sections` }],
    );
  }
  const voltages = pick(rec, /^k?V$/i, 'v');
  if (voltages.length === 0) {
    const units = rec.config.analog.map((c) => `${c.id.trim()} [${c.unit.trim()}]`).join(', ');
    throw new AppError(
      'IMPORT_REJECTED',
      `COMTRADE record has no phase voltage channel (unit V or kV); channels: ${units}`,
    );
  }
  return {
    sampleRateHz: rates[0].rateHz,
    startTimeMs: rec.config.startTimeMs,
    voltages,
    currents: pick(rec, /^k?A$/i, 'i'),
  };
}
