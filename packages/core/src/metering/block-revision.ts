import type { IntervalBlock } from './interval-block.ts';

/**
 * Why a block version exists. Versions are append-only: version 1 is what was acquired, each VEE
 * repair or clerk edit stores a new version beside the old ones, and billing reads the highest.
 */
export interface BlockRevision {
  meterId: string;
  channel: number;
  date: string;
  version: number;
  basedOnVersion: number;
  kind: 'vee' | 'edit';
  /** VEE: the rule ids that led to the repair; edit: the clerk's reason. */
  reason: string;
  /** Who made it: `vee` or the clerk's user id. */
  by: string;
  atUtc: string;
  slots: number[];
}

/** The slots whose value or quality differ between two versions of one block. */
export function changedSlots(before: IntervalBlock, after: IntervalBlock): number[] {
  const out: number[] = [];
  for (let i = 0; i < before.values.length; i++) {
    if (before.values[i] !== after.values[i] || before.quality[i] !== after.quality[i]) out.push(i);
  }
  return out;
}

/** The newest of several versions of one block (the one billing and analytics use). */
export function latestVersion(versions: readonly IntervalBlock[]): IntervalBlock {
  if (versions.length === 0) throw new RangeError('no versions');
  return versions.reduce((a, b) => (b.version > a.version ? b : a));
}
