import { AppError, type Issue } from '../errors/error-codes.ts';
import type { IntervalBlock } from './interval-block.ts';
import { QUALITY } from './quality-flag.ts';

/** The result of merging reads into a block: the new block and how many slots it changed. */
export interface MergeResult {
  block: IntervalBlock;
  changedSlots: number;
}

/**
 * Merges a (possibly partial) block of acquired reads into an existing one, slot by slot:
 * - a missing slot takes whatever the other side has (late and out-of-order reads fill their slots);
 * - equal values keep the better quality (a duplicate read changes nothing);
 * - two different values for one slot become SUSPECT holding the larger value, and SUSPECT absorbs.
 * Each slot's result depends only on the set of reads seen, so merging is idempotent, commutative
 * and associative: any arrival order gives the same block. Returns `existing` itself when unchanged.
 */
export function mergeBlocks(existing: IntervalBlock, incoming: IntervalBlock): MergeResult {
  assertMergeable(existing, incoming);
  const n = existing.values.length;
  let values: Int32Array | null = null;
  let quality: Uint8Array | null = null;
  let changed = 0;
  for (let i = 0; i < n; i++) {
    const qa = existing.quality[i];
    const qb = incoming.quality[i];
    const va = existing.values[i];
    const vb = incoming.values[i];
    let q = qa;
    let v = va;
    if (qb === QUALITY.MISSING) continue;
    if (qa === QUALITY.MISSING) {
      q = qb;
      v = vb;
    } else if (qa === QUALITY.SUSPECT || qb === QUALITY.SUSPECT || va !== vb) {
      q = QUALITY.SUSPECT;
      v = va > vb ? va : vb;
    } else if (qb < qa) {
      q = qb;
    }
    if (q === qa && v === va) continue;
    if (!values || !quality) {
      values = existing.values.slice();
      quality = existing.quality.slice();
    }
    values[i] = v;
    quality[i] = q;
    changed++;
  }
  if (!values || !quality) return { block: existing, changedSlots: 0 };
  return { block: { ...existing, values, quality }, changedSlots: changed };
}

function assertMergeable(a: IntervalBlock, b: IntervalBlock): void {
  const issues: Issue[] = [];
  for (const field of ['meterId', 'channel', 'date', 'unit', 'slotMinutes'] as const) {
    if (a[field] !== b[field]) issues.push({ path: `/${field}`, message: `${String(a[field])} ≠ ${String(b[field])}` });
  }
  if (a.values.length !== b.values.length) {
    issues.push({ path: '/values', message: `${a.values.length} slots ≠ ${b.values.length} slots` });
  }
  if (issues.length) throw new AppError('VALIDATION_FAILED', 'blocks cannot be merged', issues);
}
