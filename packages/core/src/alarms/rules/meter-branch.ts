import type { MeterFleetFrame } from '../observations.ts';

/** The branch responsible for meter i: that of its reading book, else that of its concentrator. */
export function meterBranch(f: MeterFleetFrame, i: number): string | undefined {
  const b = f.readingBookIndex[i];
  if (b >= 0 && f.readingBookBranchIds) return f.readingBookBranchIds[b];
  const c = f.concentratorIndex[i];
  return c >= 0 && f.concentratorBranchIds ? f.concentratorBranchIds[c] : undefined;
}
