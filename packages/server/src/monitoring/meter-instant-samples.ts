import type { DeclaredVoltage } from '@meterflow/core/monitoring/pq/index';
import type { MeterSummarySample } from '@meterflow/core/monitoring/safe-usage/index';
import type { MeterInstant } from '@meterflow/store';

export interface InstantMeter {
  address: string;
  ctRatio: number;
  ptRatio: number;
}

const value = (i: MeterInstant): number => i.valueScaled / 10 ** i.decimals;

/**
 * Meters' latest instantaneous values (DL/T 645 reading plan, `meter_instants`) as one summary sample
 * per meter for the safe-usage detectors: voltages on the channels the voltage level wires (× PT) and
 * currents (× CT) on the primary side, total power factor and frequency. Only values read within
 * [from, to) count, so a stale reading never speaks for the period judged.
 */
export function instantSamples(
  instants: readonly MeterInstant[],
  meters: readonly InstantMeter[],
  declared: DeclaredVoltage,
  from: string,
  to: string,
): MeterSummarySample[] {
  const out: MeterSummarySample[] = [];
  for (const m of meters) {
    const mine = instants.filter((i) => i.meterId === m.address && i.readAtUtc >= from && i.readAtUtc < to);
    const pick = (quantity: string, phase: string) => mine.find((i) => i.quantity === quantity && i.phase === phase);
    const volts = declared.meterPhases.map((p) => pick('voltage', p)).filter((i): i is MeterInstant => i !== undefined);
    const amps = ['a', 'b', 'c'].map((p) => pick('current', p)).filter((i): i is MeterInstant => i !== undefined);
    const pf = pick('power-factor', 'total');
    const hz = pick('frequency', 'total');
    const used = [...volts, ...amps, ...(pf ? [pf] : []), ...(hz ? [hz] : [])];
    if (used.length === 0) continue;
    out.push({
      at: used.reduce((latest, i) => (i.readAtUtc > latest ? i.readAtUtc : latest), used[0].readAtUtc),
      voltageV: volts.map((i) => value(i) * m.ptRatio),
      ...(amps.length ? { currentA: amps.map((i) => Math.abs(value(i)) * m.ctRatio) } : {}),
      ...(pf ? { powerFactor: value(pf) } : {}),
      ...(hz ? { frequencyHz: value(hz) } : {}),
    });
  }
  return out;
}
