import { CLOCK_DRIFT_UNKNOWN, HEARTBEAT, type MeterFleetFrame } from './observations.ts';

/** The fixed part of a fleet: which meter hangs on which concentrator and belongs to which reading book. */
export interface FleetLayout {
  meterIds: readonly string[];
  concentratorIds: readonly string[];
  readingBookIds: readonly string[];
  concentratorIndex: Int32Array;
  readingBookIndex: Int32Array;
  readingBookBranchIds?: readonly string[];
  concentratorBranchIds?: readonly string[];
}

/** A frame for a layout with every meter answering, clocks unknown and no events; callers fill the columns. */
export function newMeterFleetFrame(layout: FleetLayout): MeterFleetFrame {
  const n = layout.meterIds.length;
  if (layout.concentratorIndex.length !== n || layout.readingBookIndex.length !== n) {
    throw new RangeError('layout columns must have one entry per meter');
  }
  return {
    ...layout,
    silentPolls: new Uint16Array(n),
    clockDriftS: new Int32Array(n).fill(CLOCK_DRIFT_UNKNOWN),
    eventFlags: new Uint8Array(n),
    concentratorHeartbeat: new Uint8Array(layout.concentratorIds.length).fill(HEARTBEAT.unknown),
  };
}

/** The next poll's silence column: answered meters go to 0, silent ones count up (saturating). */
export function advanceSilence(previous: Uint16Array, answered: (i: number) => boolean): Uint16Array {
  const next = new Uint16Array(previous.length);
  for (let i = 0; i < previous.length; i++) next[i] = answered(i) ? 0 : Math.min(0xffff, previous[i] + 1);
  return next;
}
