import { SeededRandom } from '../profiles/seeded-random.ts';

/** Kinds of disturbance the fleet simulator can put into a meter's 10-minute summaries. */
export type SummaryDisturbanceKind = 'dip' | 'swell' | 'thd' | 'unbalance' | 'frequency' | 'undervoltage';

/** What was injected, for scoring detectors against the truth. */
export interface InjectedSummaryDisturbance {
  kind: SummaryDisturbanceKind;
  meterId: string;
  /** Index of the first and last affected 10-minute interval of the day. */
  fromInterval: number;
  toInterval: number;
  /** Dips/swells: residual or peak in % of declared; thd: %; unbalance: %; frequency: Hz offset; undervoltage: % deviation. */
  magnitude: number;
  /** Dips and swells only: event duration. */
  durationMs?: number;
}

export interface SimulatedSummary {
  intervalStart: string;
  voltageV: number[];
  thdPct: number;
  unbalancePct: number;
  frequencyHz: number;
  powerFactor: number;
}

export interface SimulatedEvent {
  kind: 'dip' | 'swell';
  startAt: string;
  durationMs: number;
  extremePct: number;
  phases: string[];
}

export interface SummaryDayOptions {
  seed: number;
  meterId: string;
  /** UTC instant of the day's first interval (local midnight). */
  dayStartMs: number;
  declaredV?: number;
  /** Probability per day of each disturbance kind (default none). */
  rates?: Partial<Record<SummaryDisturbanceKind, number>>;
}

const INTERVALS_PER_DAY = 144;
const INTERVAL_MS = 600_000;
const PHASES = ['va', 'vb', 'vc'];

/**
 * One day of a meter's 10-minute PQ summaries (voltage per phase, THD, unbalance, frequency, power
 * factor) with seeded noise, optional injected disturbances and their ground truth. Clean days stay
 * well inside the Chinese limits, so anything a detector finds is either injected or a false alarm.
 */
export function simulateSummaryDay(o: SummaryDayOptions): {
  summaries: SimulatedSummary[];
  events: SimulatedEvent[];
  injected: InjectedSummaryDisturbance[];
} {
  const rng = new SeededRandom(o.seed);
  const udin = o.declaredV ?? 220;
  const injected = plan(rng, o);
  const during = (kind: SummaryDisturbanceKind, i: number) =>
    injected.find((d) => d.kind === kind && i >= d.fromInterval && i <= d.toInterval);
  const summaries = Array.from({ length: INTERVALS_PER_DAY }, (_, i) => {
    const under = during('undervoltage', i);
    const unb = during('unbalance', i);
    const base = udin * (1 + (under ? under.magnitude : 0) / 100 + 0.01 * rng.gaussian());
    const spread = unb ? unb.magnitude / 100 : 0.003;
    return {
      intervalStart: new Date(o.dayStartMs + i * INTERVAL_MS).toISOString(),
      voltageV: [base * (1 + spread), base, base * (1 - spread)].map((v) => Math.round(v * 10) / 10),
      thdPct: round2(during('thd', i)?.magnitude ?? 2 + 0.3 * Math.abs(rng.gaussian())),
      unbalancePct: round2(unb ? unb.magnitude : 0.3 + 0.1 * Math.abs(rng.gaussian())),
      frequencyHz: round2(50 + (during('frequency', i)?.magnitude ?? 0.02 * rng.gaussian())),
      powerFactor: round2(0.92 + 0.02 * rng.gaussian()),
    };
  });
  const events = injected
    .filter((d): d is InjectedSummaryDisturbance & { kind: 'dip' | 'swell' } => d.kind === 'dip' || d.kind === 'swell')
    .map((d) => ({
      kind: d.kind,
      startAt: new Date(o.dayStartMs + d.fromInterval * INTERVAL_MS + 60_000).toISOString(),
      durationMs: d.durationMs ?? 100,
      extremePct: d.magnitude,
      phases: [PHASES[0]],
    }));
  return { summaries, events, injected };
}

const round2 = (v: number): number => Math.round(v * 100) / 100;

function plan(rng: SeededRandom, o: SummaryDayOptions): InjectedSummaryDisturbance[] {
  const out: InjectedSummaryDisturbance[] = [];
  const at = (len: number) => {
    const from = rng.int(0, INTERVALS_PER_DAY - len);
    return { fromInterval: from, toInterval: from + len - 1 };
  };
  for (const [kind, rate] of Object.entries(o.rates ?? {}) as [SummaryDisturbanceKind, number][]) {
    if (rng.next() >= rate) continue;
    const d = { kind, meterId: o.meterId };
    if (kind === 'dip') out.push({ ...d, ...at(1), magnitude: rng.int(10, 85), durationMs: rng.int(20, 2000) });
    if (kind === 'swell') out.push({ ...d, ...at(1), magnitude: rng.int(112, 150), durationMs: rng.int(20, 500) });
    if (kind === 'thd') out.push({ ...d, ...at(rng.int(12, 36)), magnitude: rng.int(9, 14) });
    if (kind === 'unbalance') out.push({ ...d, ...at(rng.int(12, 36)), magnitude: rng.int(4, 8) });
    if (kind === 'frequency')
      out.push({ ...d, ...at(rng.int(2, 6)), magnitude: (rng.next() < 0.5 ? -1 : 1) * (0.6 + rng.next()) });
    if (kind === 'undervoltage') out.push({ ...d, ...at(rng.int(30, 60)), magnitude: -rng.int(13, 20) });
  }
  return out;
}
