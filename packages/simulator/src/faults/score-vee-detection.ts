import { addDays } from '@meterflow/core/time/zone';
import type { InjectedFault } from './injected-fault.ts';

/** How well VEE caught injected data errors, and how often it flagged clean meter-days. */
export interface VeeScore {
  byKind: Record<string, { injected: number; caught: number }>;
  injected: number;
  caught: number;
  /** caught / injected (1 when nothing was injected). */
  detection: number;
  cleanDays: number;
  falseAlarms: number;
  falseAlarmRate: number;
}

/**
 * Scores VEE findings against the ground truth: a data error counts as caught when any of its days
 * was flagged; a flagged meter-day that no data error touches is a false alarm (outages and meter
 * exchanges are real events, so flagging them is a false alarm too).
 */
export function scoreVeeDetection(
  truth: readonly InjectedFault[],
  flagged: ReadonlySet<string>,
  meterIds: readonly string[],
  fromDate: string,
  toDate: string,
): VeeScore {
  const faultyDays = new Set<string>();
  for (const f of truth.filter((t) => t.dataError)) {
    for (let d = f.fromDate; d <= f.toDate; d = addDays(d, 1)) faultyDays.add(`${f.meterId}/${d}`);
  }
  const byKind: VeeScore['byKind'] = {};
  let injected = 0;
  let caught = 0;
  for (const f of truth) {
    if (!f.dataError || f.fromDate < fromDate || f.fromDate > toDate) continue;
    let hit = false;
    for (let d = f.fromDate; d <= f.toDate && d <= toDate; d = addDays(d, 1)) hit ||= flagged.has(`${f.meterId}/${d}`);
    const k = (byKind[f.kind] ??= { injected: 0, caught: 0 });
    k.injected++;
    injected++;
    if (hit) {
      k.caught++;
      caught++;
    }
  }
  let cleanDays = 0;
  let falseAlarms = 0;
  for (let d = fromDate; d <= toDate; d = addDays(d, 1)) {
    for (const m of meterIds) {
      const key = `${m}/${d}`;
      if (faultyDays.has(key)) continue;
      cleanDays++;
      if (flagged.has(key)) falseAlarms++;
    }
  }
  return {
    byKind,
    injected,
    caught,
    detection: injected ? caught / injected : 1,
    cleanDays,
    falseAlarms,
    falseAlarmRate: cleanDays ? falseAlarms / cleanDays : 0,
  };
}
