import type { RmsSeries } from './half-cycle-rms.ts';

/** Thresholds in % of the declared input voltage Udin; defaults follow IEC 61000-4-30 practice. */
export interface EventThresholds {
  declaredVoltageV: number;
  dipThresholdPct: number;
  swellThresholdPct: number;
  /** 5 % or 10 % of Udin are both common. */
  interruptionThresholdPct: number;
  /** Added to (dips, interruptions) or taken from (swells) the threshold to end an event. */
  hysteresisPct: number;
}

export const DEFAULT_EVENT_THRESHOLDS_PCT = {
  dipThresholdPct: 90,
  swellThresholdPct: 110,
  interruptionThresholdPct: 5,
  hysteresisPct: 2,
} as const;

export type VoltageEventKind = 'dip' | 'swell' | 'interruption';

export interface VoltageEvent {
  kind: VoltageEventKind;
  /** Names of the channels that crossed the threshold during the event. */
  phases: string[];
  startS: number;
  endS: number;
  durationS: number;
  /** Lowest Urms(1/2) of a dip or interruption, highest of a swell, over all phases. */
  extremeV: number;
  extremePct: number;
  /** True when the record ended before the event did; duration is then a lower bound. */
  ongoing: boolean;
}

interface Rule {
  kind: VoltageEventKind;
  triggered: (v: number) => boolean;
  /**
   * Dips and swells start on any phase and end when all have recovered; interruptions start when all
   * phases are down and end when any recovers. Either way one extreme over the phases decides: the
   * lowest for dips, the highest for swells and interruptions.
   */
  decidedByLowest: boolean;
  /** The event starts when the deciding value is beyond `startLevel` (below it, if `startsBelow`). */
  startsBelow: boolean;
  startLevel: number;
  /** It ends when the deciding value is back at or past `endLevel`. */
  endLevel: number;
  lowIsExtreme: boolean;
}

function rulesFor(t: EventThresholds): Rule[] {
  const u = t.declaredVoltageV / 100;
  const dip = t.dipThresholdPct * u;
  const swell = t.swellThresholdPct * u;
  const intr = t.interruptionThresholdPct * u;
  const hys = t.hysteresisPct * u;
  return [
    {
      kind: 'dip',
      triggered: (v) => v < dip,
      decidedByLowest: true,
      startsBelow: true,
      startLevel: dip,
      endLevel: dip + hys,
      lowIsExtreme: true,
    },
    {
      kind: 'swell',
      triggered: (v) => v > swell,
      decidedByLowest: false,
      startsBelow: false,
      startLevel: swell,
      endLevel: swell - hys,
      lowIsExtreme: false,
    },
    {
      kind: 'interruption',
      triggered: (v) => v < intr,
      decidedByLowest: false,
      startsBelow: true,
      startLevel: intr,
      endLevel: intr + hys,
      lowIsExtreme: true,
    },
  ];
}

/** Finds dips, swells and interruptions on one or more phases' Urms(1/2) series, in time order. */
export function detectVoltageEvents(
  series: readonly RmsSeries[],
  phaseNames: readonly string[],
  thresholds: EventThresholds,
): VoltageEvent[] {
  if (series.length === 0) return [];
  const n = Math.min(...series.map((s) => s.valuesV.length));
  // The lowest and highest phase per half cycle, once: each rule then tests one number per step.
  const lo = new Float64Array(n).fill(Infinity);
  const hi = new Float64Array(n).fill(-Infinity);
  for (const s of series) {
    const v = s.valuesV;
    for (let i = 0; i < n; i++) {
      if (v[i] < lo[i]) lo[i] = v[i];
      if (v[i] > hi[i]) hi[i] = v[i];
    }
  }
  const events: VoltageEvent[] = [];
  for (const rule of rulesFor(thresholds))
    events.push(...scan(series, phaseNames, rule, thresholds.declaredVoltageV, rule.decidedByLowest ? lo : hi));
  return events.sort((a, b) => a.startS - b.startS || a.kind.localeCompare(b.kind));
}

function scan(
  series: readonly RmsSeries[],
  names: readonly string[],
  rule: Rule,
  udinV: number,
  deciding: Float64Array,
): VoltageEvent[] {
  const n = deciding.length;
  // Stamped at the centre of the one-cycle window that crossed: this halves the lag a window end has.
  const shiftS = series[0].halfCycleS;
  const times = series[0].endTimesS;
  const { startsBelow, startLevel, endLevel } = rule;
  const out: VoltageEvent[] = [];
  let active = false;
  let startS = 0;
  let extreme = 0;
  let involved = new Set<number>();
  for (let i = 0; i < n; i++) {
    const d = deciding[i];
    if (!active) {
      if (startsBelow ? !(d < startLevel) : !(d > startLevel)) continue;
      active = true;
      startS = times[i] - shiftS;
      extreme = rule.lowIsExtreme ? Infinity : -Infinity;
      involved = new Set();
    }
    if (startsBelow ? d >= endLevel : d <= endLevel) {
      out.push(finish(rule, names, involved, startS, times[i] - shiftS, extreme, udinV, false));
      active = false;
      continue;
    }
    for (let p = 0; p < series.length; p++) {
      const v = series[p].valuesV[i];
      if (rule.triggered(v)) involved.add(p);
      extreme = rule.lowIsExtreme ? Math.min(extreme, v) : Math.max(extreme, v);
    }
  }
  if (active) out.push(finish(rule, names, involved, startS, times[n - 1] - shiftS, extreme, udinV, true));
  return out;
}

function finish(
  rule: Rule,
  names: readonly string[],
  involved: Set<number>,
  startS: number,
  endS: number,
  extremeV: number,
  udinV: number,
  ongoing: boolean,
): VoltageEvent {
  return {
    kind: rule.kind,
    phases: [...involved].sort((a, b) => a - b).map((p) => names[p] ?? `ch${p + 1}`),
    startS,
    endS,
    durationS: endS - startS,
    extremeV,
    extremePct: (extremeV / udinV) * 100,
    ongoing,
  };
}
