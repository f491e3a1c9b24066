import { CLASS_SHAPES, type CustomerClass } from './customer-class.ts';
import { SeededRandom, seedFrom } from './seeded-random.ts';

/** One simulated meter: who it serves and how big its load is. */
export interface VirtualMeter {
  meterId: string;
  customerClass: CustomerClass;
  /** Peak-ish demand in kW that the class shape is scaled by. */
  scaleKw: number;
  /** A vacant premise may legitimately use nothing. */
  occupied: boolean;
  /** Register reading (Wh) at 00:00 of the first simulated day. */
  registerStartWh: number;
}

export type FleetMix = Readonly<Record<CustomerClass, number>>;

export const DEFAULT_FLEET_MIX: FleetMix = {
  residential: 0.85,
  commercial: 0.08,
  industrial: 0.03,
  agricultural: 0.04,
};

/** A deterministic fleet: same seed, same meters. Meter ids are 12-digit DL/T 645 style addresses. */
export function createFleet(options: { seed: number; size: number; mix?: FleetMix }): VirtualMeter[] {
  const mix = options.mix ?? DEFAULT_FLEET_MIX;
  const total = Object.values(mix).reduce((a, b) => a + b, 0);
  const classes = Object.entries(mix) as [CustomerClass, number][];
  return Array.from({ length: options.size }, (_, i) => {
    const rng = new SeededRandom(seedFrom(options.seed, 'meter', i));
    let r = rng.next() * total;
    let customerClass = classes[0][0];
    for (const [c, share] of classes) {
      customerClass = c;
      if ((r -= share) < 0) break;
    }
    const typical = CLASS_SHAPES[customerClass].typicalKw;
    return {
      meterId: String(100_000_000_000 + i).padStart(12, '0'),
      customerClass,
      scaleKw: typical * (0.5 + rng.next()),
      occupied: true,
      // Registers of a fleet in service are anywhere in their range, in 10 Wh steps.
      registerStartWh: rng.int(0, 50_000_000) * 10,
    };
  });
}
