import { CLASS_SHAPES } from './customer-class.ts';
import { DEFAULT_CLIMATE, dayOfYear, hourlyTemperatureC, type ClimateParams } from './regional-weather.ts';
import { SeededRandom, seedFrom } from './seeded-random.ts';
import type { VirtualMeter } from './virtual-meter.ts';

export const SLOTS_PER_DAY = 96;
const WH_PER_KW_SLOT = 250; // 1 kW for 15 minutes

function isWeekend(date: string): boolean {
  const wd = new Date(`${date}T00:00:00Z`).getUTCDay();
  return wd === 0 || wd === 6;
}

/** The hourly shape sampled at a slot's midpoint, interpolated between hour midpoints so the curve has no steps. */
function shapeAt(shape: readonly number[], slot: number): number {
  const hour = (slot + 0.5) / 4 - 0.5;
  const h0 = Math.floor(hour);
  const f = hour - h0;
  return shape[(h0 + 24) % 24] * (1 - f) + shape[(h0 + 1) % 24] * f;
}

/**
 * A meter's true energy (Wh) for each 15-minute slot of a local day: class shape × season ×
 * temperature response × noise. Deterministic from the fleet seed, the meter and the date.
 */
export function dayLoadWh(
  meter: VirtualMeter,
  date: string,
  seed: number,
  climate: ClimateParams = DEFAULT_CLIMATE,
): Int32Array {
  const c = CLASS_SHAPES[meter.customerClass];
  const rng = new SeededRandom(seedFrom(seed, meter.meterId, date));
  const temps = hourlyTemperatureC(date, seed, climate);
  const doy = dayOfYear(date);
  const month = Number(date.slice(5, 7));
  const shape = isWeekend(date) ? c.weekend : c.weekday;
  const season = 1 + c.seasonalAmplitude * Math.cos((2 * Math.PI * (doy - c.seasonalPeakDay)) / 365);
  const active = !c.activeMonths || c.activeMonths.includes(month);
  const dayLevel = 1 + 0.08 * rng.gaussian(); // some days are simply busier
  const out = new Int32Array(SLOTS_PER_DAY);
  for (let s = 0; s < SLOTS_PER_DAY; s++) {
    const t = temps[Math.floor(s / 4)];
    const weather = c.heatingPerC * Math.max(0, c.heatingBelowC - t) + c.coolingPerC * Math.max(0, t - c.coolingAboveC);
    const base = active ? shapeAt(shape, s) * season + weather : (c.standbyShare ?? 0.05);
    const noise = Math.max(0.2, 1 + c.noise * rng.gaussian());
    out[s] = Math.max(0, Math.round(base * dayLevel * noise * meter.scaleKw * WH_PER_KW_SLOT));
  }
  return out;
}
