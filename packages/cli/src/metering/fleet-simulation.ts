import { readFileSync, writeFileSync } from 'node:fs';
import { createFleet } from '@meterflow/simulator/profiles/index';
import {
  DEFAULT_FAULT_RATES,
  DLT645_FAULT_RATES,
  simulateFleetDays,
  type FaultRates,
  type InjectedFault,
  type SimulatedMeterDay,
} from '@meterflow/simulator/faults/index';
import type { VirtualMeter } from '@meterflow/simulator/profiles/index';

/** First address of the DL/T 645 fleet, so its meters never share an id with the MQTT fleet (1000…). */
export const DLT645_FLEET_ADDRESS_BASE = 200_000_000_000;

/** The ground-truth file of `meterflow simulate`: what was injected, per transport. */
export interface GroundTruth {
  seed: number;
  start: string;
  days: number;
  zone: string;
  /** MQTT fleet size and its injected faults (also as top-level `faults`, as before). */
  meters: number;
  faults: InjectedFault[];
  dlt645: { meters: number; channels: { port: number; meters: string[] }[]; faults: InjectedFault[] } | null;
}

export interface FleetSimulationOptions {
  seed: number;
  start: string;
  days: number;
  zone: string;
  mqttMeters: number;
  dlt645Meters: number;
  mqttRates?: FaultRates;
  dlt645Rates?: FaultRates;
}

/** The DL/T 645 fleet: its own seed stream and addresses from DLT645_FLEET_ADDRESS_BASE. */
export function dlt645Fleet(seed: number, size: number): VirtualMeter[] {
  return createFleet({ seed: seed + 1, size }).map((m, i) => ({
    ...m,
    meterId: String(DLT645_FLEET_ADDRESS_BASE + i),
  }));
}

/** The MQTT fleet's days as a lazy stream (it may be large) and the DL/T 645 fleet's days in memory (they are served at any time). */
export function simulateBothFleets(o: FleetSimulationOptions): {
  mqttMeters: VirtualMeter[];
  mqttDays: Iterable<SimulatedMeterDay>;
  dlt645Days: SimulatedMeterDay[];
} {
  const mqttMeters = createFleet({ seed: o.seed, size: o.mqttMeters });
  const base = { seed: o.seed, startDate: o.start, days: o.days, zone: o.zone };
  return {
    mqttMeters,
    mqttDays: simulateFleetDays({ ...base, meters: mqttMeters, faultRates: o.mqttRates ?? DEFAULT_FAULT_RATES }),
    dlt645Days: o.dlt645Meters
      ? [
          ...simulateFleetDays({
            ...base,
            meters: dlt645Fleet(o.seed, o.dlt645Meters),
            faultRates: o.dlt645Rates ?? DLT645_FAULT_RATES,
          }),
        ]
      : [],
  };
}

export function writeGroundTruth(file: string, truth: GroundTruth): void {
  writeFileSync(file, JSON.stringify(truth, null, 1));
}

export function readGroundTruth(file: string): GroundTruth {
  return JSON.parse(readFileSync(file, 'utf8')) as GroundTruth;
}
