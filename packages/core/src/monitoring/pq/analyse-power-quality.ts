import { aggregateByClock, TEN_MINUTES_MS, type AggregatedValue } from './aggregation.ts';
import { evaluateCompliance, type ComplianceResult, type PqStatistics } from './compliance.ts';
import { frequencySeries, type FrequencyValue } from './frequency.ts';
import { halfCycleRms, type RmsSeries } from './half-cycle-rms.ts';
import { HarmonicAnalyser } from './harmonic-analyser.ts';
import { getLimitSet } from './limit-set.ts';
import { round4, summarise, type Summary } from './summary.ts';
import { lineVoltages, nemaUnbalance, symmetricalComponents, unbalanceFromLineMagnitudes } from './unbalance.ts';
import {
  DEFAULT_EVENT_THRESHOLDS_PCT,
  detectVoltageEvents,
  type EventThresholds,
  type VoltageEvent,
} from './voltage-events.ts';
import { analyseWindows, type WindowSeries } from './window-series.ts';

export interface Channel {
  name: string;
  samples: Float64Array;
}

export interface PqInput {
  sampleRateHz: number;
  nominalHz: number;
  /** Declared phase-to-neutral voltage Udin. */
  declaredVoltageV: number;
  /** One channel (single-phase) or three (phases A, B, C). */
  voltages: Channel[];
  currents?: Channel[];
  /** UTC time of the first sample, for clock-aligned aggregation; 0 when unknown. */
  startTimeMs?: number;
  thresholds?: Partial<Omit<EventThresholds, 'declaredVoltageV'>>;
  limitSetId?: string;
  maxHarmonicOrder?: number;
}

export interface ChannelHarmonics {
  channel: string;
  thdPct: Summary;
  thdgPct: Summary;
  thdsPct: Summary;
  /** Mean over windows, in % of the fundamental, index = order (index 0 unused). */
  groupPct: number[];
  subgroupPct: number[];
  /** Index n = between orders n and n+1. */
  interharmonicGroupPct: number[];
  centredSubgroupPct: number[];
}

export interface PqReport {
  record: {
    durationS: number;
    sampleRateHz: number;
    nominalHz: number;
    windowSamples: number;
    windows: number;
    maxHarmonicOrder: number;
  };
  events: (VoltageEvent & { startMs: number })[];
  metrics: {
    rmsV: { channel: string; halfCycleMin: number; halfCycleMax: number; tenCycle: Summary }[];
    harmonics: ChannelHarmonics[];
    unbalance: { u2Pct: Summary; u0Pct: Summary; lineMagnitudeU2Pct: Summary; nemaPct: Summary } | null;
    frequency: { meanHz: number; values: FrequencyValue[] };
    tenMinute: { channel: string; values: AggregatedValue[] }[];
    compliance: ComplianceResult & { excludedFlaggedIntervals: number };
  };
}

/** The whole power-quality pipeline on one record: Urms(1/2) and events, harmonics, unbalance, frequency, compliance. */
export function analysePowerQuality(input: PqInput): PqReport {
  const { sampleRateHz: sr, nominalHz, declaredVoltageV: udin } = input;
  const startMs = input.startTimeMs ?? 0;
  const thresholds: EventThresholds = { ...DEFAULT_EVENT_THRESHOLDS_PCT, ...input.thresholds, declaredVoltageV: udin };
  const rms = input.voltages.map((c) => halfCycleRms(c.samples, sr, nominalHz));
  const events = detectVoltageEvents(
    rms,
    input.voltages.map((c) => c.name),
    thresholds,
  ).map((e) => ({ ...e, startMs: startMs + Math.round(e.startS * 1000) }));
  const analyser = new HarmonicAnalyser(sr, nominalHz, input.maxHarmonicOrder);
  const windows = analyseWindows(analyser, input.voltages, input.currents ?? []);
  const windowS = analyser.windowSamples / sr;
  const timesMs = Float64Array.from({ length: windows.count }, (_, i) => startMs + i * windowS * 1000);
  const spans = events.map((e) => ({ startMs: e.startMs, endMs: e.startMs + e.durationS * 1000 }));
  const tenMinute = input.voltages.map((c, i) => ({
    channel: c.name,
    values: aggregateByClock(windows.channels[i].rms, timesMs, TEN_MINUTES_MS, spans),
  }));
  const unbalance = input.voltages.length === 3 ? unbalanceSeries(windows) : null;
  const frequency = frequencySeries(input.voltages[0].samples, sr);
  const compliance = judge(input, windows, timesMs, spans, unbalance, frequency);
  const n = input.voltages[0].samples.length;
  return {
    record: {
      durationS: n / sr,
      sampleRateHz: sr,
      nominalHz,
      windowSamples: analyser.windowSamples,
      windows: windows.count,
      maxHarmonicOrder: analyser.maxOrder,
    },
    events,
    metrics: {
      rmsV: input.voltages.map((c, i) => rmsSummary(c.name, rms[i], windows.channels[i].rms)),
      harmonics: windows.channels.map(harmonicSummary),
      unbalance: unbalance && {
        u2Pct: summarise(unbalance.u2Pct),
        u0Pct: summarise(unbalance.u0Pct),
        lineMagnitudeU2Pct: summarise(unbalance.lineU2Pct),
        nemaPct: summarise(unbalance.nemaPct),
      },
      frequency: { meanHz: summarise(frequency.map((f) => f.frequencyHz)).mean, values: frequency },
      tenMinute: tenMinute.map((t) => ({ ...t, values: t.values.map((v) => ({ ...v, value: round4(v.value) })) })),
      compliance,
    },
  };
}

function rmsSummary(channel: string, half: RmsSeries, tenCycle: Float64Array) {
  let lo = Infinity;
  let hi = -Infinity;
  for (const v of half.valuesV) {
    lo = Math.min(lo, v);
    hi = Math.max(hi, v);
  }
  return { channel, halfCycleMin: round4(lo), halfCycleMax: round4(hi), tenCycle: summarise(tenCycle) };
}

function harmonicSummary(c: WindowSeries): ChannelHarmonics {
  const means = (a: Float64Array): number[] => Array.from(a, round4);
  return {
    channel: c.name,
    thdPct: summarise(c.thdPct),
    thdgPct: summarise(c.thdgPct),
    thdsPct: summarise(c.thdsPct),
    groupPct: means(c.meanGroupPct),
    subgroupPct: means(c.meanSubgroupPct),
    interharmonicGroupPct: means(c.meanInterharmonicGroupPct),
    centredSubgroupPct: means(c.meanCentredSubgroupPct),
  };
}

interface UnbalanceSeries {
  u2Pct: Float64Array;
  u0Pct: Float64Array;
  lineU2Pct: Float64Array;
  nemaPct: Float64Array;
}

function unbalanceSeries(w: ReturnType<typeof analyseWindows>): UnbalanceSeries {
  const out = {
    u2Pct: new Float64Array(w.count),
    u0Pct: new Float64Array(w.count),
    lineU2Pct: new Float64Array(w.count),
    nemaPct: new Float64Array(w.count),
  };
  const [a, b, c] = w.channels;
  for (let i = 0; i < w.count; i++) {
    const pa = { re: a.fundamentalRe[i], im: a.fundamentalIm[i] };
    const pb = { re: b.fundamentalRe[i], im: b.fundamentalIm[i] };
    const pc = { re: c.fundamentalRe[i], im: c.fundamentalIm[i] };
    const s = symmetricalComponents(pa, pb, pc);
    const lines = lineVoltages(pa, pb, pc).map((p) => Math.hypot(p.re, p.im));
    out.u2Pct[i] = s.u2 * 100;
    out.u0Pct[i] = s.u0 * 100;
    out.lineU2Pct[i] = unbalanceFromLineMagnitudes(lines[0], lines[1], lines[2]) * 100;
    out.nemaPct[i] = nemaUnbalance(lines) * 100;
  }
  return out;
}

function judge(
  input: PqInput,
  w: ReturnType<typeof analyseWindows>,
  timesMs: Float64Array,
  spans: { startMs: number; endMs: number }[],
  unbalance: UnbalanceSeries | null,
  frequency: FrequencyValue[],
): PqReport['metrics']['compliance'] {
  const udin = input.declaredVoltageV;
  // Values aggregated over an interval with an event are flagged and left out of the statistics.
  const tenMin = (s: Float64Array): number[] =>
    aggregateByClock(s, timesMs, TEN_MINUTES_MS, spans)
      .filter((v) => !v.flagged)
      .map((v) => v.value);
  const phases = w.channels.slice(0, input.voltages.length);
  const harmonicPct: Record<number, number[]> = {};
  for (let n = 2; n < phases[0].subgroupPct.length; n++)
    harmonicPct[n] = phases.flatMap((p) => tenMin(p.subgroupPct[n]));
  const stats: PqStatistics = {
    phaseCount: phases.length,
    series: {
      voltageDeviationPct: phases.flatMap((p) => tenMin(p.rms).map((v) => ((v - udin) / udin) * 100)),
      voltageThdPct: phases.flatMap((p) => tenMin(p.thdsPct)),
      frequencyDeviationHz: frequency.map((f) => f.frequencyHz - input.nominalHz),
      ...(unbalance ? { unbalancePct: tenMin(unbalance.u2Pct) } : {}),
    },
    harmonicPct,
  };
  const all = aggregateByClock(phases[0].rms, timesMs, TEN_MINUTES_MS, spans);
  return {
    ...evaluateCompliance(stats, getLimitSet(input.limitSetId)),
    excludedFlaggedIntervals: all.filter((v) => v.flagged).length,
  };
}
