const CYCLE = /^(\d{4})-(0[1-9]|1[0-2])$/;
const MONTHS = 12;

/** True for a billing cycle written `YYYY-MM`. */
export const isCycle = (s: string): boolean => CYCLE.test(s);

/** The cycle `months` before `cycle` (`2026-01` minus 1 → `2025-12`). */
export function cycleMinus(cycle: string, months: number): string {
  const m = CYCLE.exec(cycle);
  if (!m) throw new RangeError(`cycle ${cycle} is not YYYY-MM`);
  const index = Number(m[1]) * MONTHS + Number(m[2]) - 1 - months;
  return `${Math.floor(index / MONTHS)}-${String((index % MONTHS) + 1).padStart(2, '0')}`;
}
