import { SeededRandom, seedFrom } from './seeded-random.ts';

/** A dry continental climate (roughly Lanzhou): annual mean, seasonal and daily swings in °C. */
export interface ClimateParams {
  annualMeanC: number;
  seasonalSwingC: number;
  coldestDay: number;
  diurnalSwingC: number;
  dayToDayC: number;
}

export const DEFAULT_CLIMATE: ClimateParams = {
  annualMeanC: 10,
  seasonalSwingC: 13,
  coldestDay: 15,
  diurnalSwingC: 6,
  dayToDayC: 3,
};

/** Day of year (1–366) of a `YYYY-MM-DD` date. */
export function dayOfYear(date: string): number {
  const t = Date.parse(`${date}T00:00:00Z`);
  return Math.floor((t - Date.UTC(Number(date.slice(0, 4)), 0, 1)) / 86_400_000) + 1;
}

/**
 * Temperature for each local hour of a day, the same for every meter of the region (weather is
 * shared), deterministic from the fleet seed and the date.
 */
export function hourlyTemperatureC(date: string, seed: number, climate: ClimateParams = DEFAULT_CLIMATE): Float64Array {
  const rng = new SeededRandom(seedFrom(seed, 'weather', date));
  const doy = dayOfYear(date);
  const mean =
    climate.annualMeanC -
    climate.seasonalSwingC * Math.cos((2 * Math.PI * (doy - climate.coldestDay)) / 365) +
    climate.dayToDayC * rng.gaussian();
  const out = new Float64Array(24);
  // Coldest just before dawn (05:00), warmest mid-afternoon (15:00).
  for (let hour = 0; hour < 24; hour++)
    out[hour] = mean + climate.diurnalSwingC * Math.cos((2 * Math.PI * (hour - 15)) / 24);
  return out;
}
