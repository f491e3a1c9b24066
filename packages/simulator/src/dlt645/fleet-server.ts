import type { Clock } from '@meterflow/core';
import type { SimulatedMeterDay } from '../faults/simulate-fleet-days.ts';
import { Dlt645Simulator } from './dlt645-simulator.ts';
import { fleetDlt645Meters, type FleetDlt645Meter } from './fleet-meter.ts';

/** Ports (buses) one fleet server opens. */
export const FLEET_PORTS_MAX = 256;

/** A listening port and the addresses behind it, as a reading plan's channel lists them. */
export interface FleetChannel {
  port: number;
  meters: string[];
}

export interface FleetServer {
  simulator: Dlt645Simulator;
  meters: FleetDlt645Meter[];
  channels: FleetChannel[];
  stop(): Promise<void>;
}

/**
 * Serves simulated fleet days as DL/T 645 meters on `ports` TCP ports (0 = any free port), the
 * meters dealt out in contiguous runs, one run per port, as meters hang off a concentrator's bus.
 */
export async function serveFleetOverDlt645(options: {
  days: Iterable<SimulatedMeterDay>;
  ports: number[];
  clock: Clock;
  zone?: string;
  host?: string;
}): Promise<FleetServer> {
  if (options.ports.length < 1 || options.ports.length > FLEET_PORTS_MAX)
    throw new RangeError(`1 to ${FLEET_PORTS_MAX} ports`);
  const meters = fleetDlt645Meters(options.days, options.zone);
  const per = Math.ceil(meters.length / options.ports.length);
  const groups = options.ports.map((port, p) => ({ port, meters: meters.slice(p * per, (p + 1) * per) }));
  const simulator = new Dlt645Simulator({ clock: options.clock, ports: groups, host: options.host });
  const bound = await simulator.start();
  return {
    simulator,
    meters,
    channels: groups.map((g, i) => ({ port: bound[i], meters: g.meters.map((m) => m.address) })),
    stop: () => simulator.stop(),
  };
}
