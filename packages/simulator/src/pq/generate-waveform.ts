/** Phases a disturbance can hit. */
export type PhaseName = 'a' | 'b' | 'c';

/** What can be injected; events are time-limited, the rest last the whole record. */
export type Disturbance =
  | { kind: 'dip'; startS: number; durationS: number; residualPct: number; phases: PhaseName[] }
  | { kind: 'swell'; startS: number; durationS: number; magnitudePct: number; phases: PhaseName[] }
  | { kind: 'interruption'; startS: number; durationS: number; residualPct: number }
  | { kind: 'harmonic'; order: number; pct: number; phaseDeg?: number }
  | { kind: 'interharmonic'; frequencyHz: number; pct: number }
  /** Adds a negative-sequence voltage of this % of the positive sequence: u2 is exactly this. */
  | { kind: 'unbalance'; negativeSequencePct: number }
  | { kind: 'frequency'; startS: number; durationS: number; frequencyHz: number };

export interface WaveformSpec {
  sampleRateHz: number;
  durationS: number;
  nominalHz: number;
  /** Declared phase-to-neutral RMS voltage. */
  declaredVoltageV: number;
  /** RMS phase current; no current channels when omitted. */
  currentA?: number;
  /** Current lags voltage by this angle. */
  currentLagDeg?: number;
  /** Current harmonics in % of the fundamental current. */
  currentHarmonics?: { order: number; pct: number }[];
  /** Standard deviation of white noise added to every voltage sample. */
  noiseV?: number;
  seed?: number;
  disturbances: Disturbance[];
}

export interface GeneratedWaveform {
  sampleRateHz: number;
  nominalHz: number;
  declaredVoltageV: number;
  voltages: { name: 'va' | 'vb' | 'vc'; samples: Float64Array }[];
  currents: { name: 'ia' | 'ib' | 'ic'; samples: Float64Array }[];
  /** The ground truth: exactly what was injected, with the expected magnitudes in volts. */
  truth: (Disturbance & { expectedV?: number; endS?: number })[];
}

/** Signals longer than this are refused (about 10 minutes at 10.24 kHz per channel). */
export const GENERATOR_MAX_SAMPLES = 10_240 * 600;

const SHIFT = [0, (-2 * Math.PI) / 3, (2 * Math.PI) / 3];
const PHASES: PhaseName[] = ['a', 'b', 'c'];

/** A small seeded generator (mulberry32) so the same spec gives the same noise. */
export function seededRandom(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** Three-phase voltages (and currents) with the given disturbances, plus the ground truth of what was injected. */
export function generateWaveform(spec: WaveformSpec): GeneratedWaveform {
  const n = Math.round(spec.durationS * spec.sampleRateHz);
  if (n > GENERATOR_MAX_SAMPLES) throw new RangeError(`${n} samples is beyond the limit of ${GENERATOR_MAX_SAMPLES}`);
  const theta = fundamentalAngle(spec, n);
  const voltages = PHASES.map((p, k) => ({
    name: `v${p}` as 'va' | 'vb' | 'vc',
    samples: phaseVoltage(spec, theta, k),
  }));
  if (spec.noiseV) addNoise(voltages, spec.noiseV, seededRandom(spec.seed ?? 1));
  const currents = spec.currentA
    ? PHASES.map((p, k) => ({ name: `i${p}` as 'ia' | 'ib' | 'ic', samples: phaseCurrent(spec, theta, k) }))
    : [];
  const truth = spec.disturbances.map((d) => {
    if (d.kind === 'dip' || d.kind === 'interruption')
      return { ...d, endS: d.startS + d.durationS, expectedV: (d.residualPct / 100) * spec.declaredVoltageV };
    if (d.kind === 'swell')
      return { ...d, endS: d.startS + d.durationS, expectedV: (d.magnitudePct / 100) * spec.declaredVoltageV };
    if (d.kind === 'frequency') return { ...d, endS: d.startS + d.durationS };
    return { ...d };
  });
  return {
    sampleRateHz: spec.sampleRateHz,
    nominalHz: spec.nominalHz,
    declaredVoltageV: spec.declaredVoltageV,
    voltages,
    currents,
    truth,
  };
}

/** The fundamental's running angle; integrating the frequency keeps the waveform continuous through excursions. */
function fundamentalAngle(spec: WaveformSpec, n: number): Float64Array {
  const theta = new Float64Array(n);
  const steps = spec.disturbances.filter((d) => d.kind === 'frequency');
  let angle = 0;
  for (let i = 0; i < n; i++) {
    theta[i] = angle;
    const t = i / spec.sampleRateHz;
    const f = steps.find((d) => t >= d.startS && t < d.startS + d.durationS)?.frequencyHz ?? spec.nominalHz;
    angle += (2 * Math.PI * f) / spec.sampleRateHz;
  }
  return theta;
}

/** Envelope in per-unit of the fundamental on phase k at time t, from dips, swells and interruptions. */
function envelope(spec: WaveformSpec, k: number, t: number): number {
  let e = 1;
  for (const d of spec.disturbances) {
    if (
      (d.kind === 'dip' || d.kind === 'swell' || d.kind === 'interruption') &&
      t >= d.startS &&
      t < d.startS + d.durationS
    ) {
      if (d.kind === 'interruption') e = Math.min(e, d.residualPct / 100);
      else if (d.phases.includes(PHASES[k]))
        e = d.kind === 'dip' ? Math.min(e, d.residualPct / 100) : d.magnitudePct / 100;
    }
  }
  return e;
}

function phaseVoltage(spec: WaveformSpec, theta: Float64Array, k: number): Float64Array {
  const peak = spec.declaredVoltageV * Math.SQRT2;
  const out = new Float64Array(theta.length);
  const u2 = spec.disturbances.find((d) => d.kind === 'unbalance')?.negativeSequencePct ?? 0;
  const harmonics = spec.disturbances.filter((d) => d.kind === 'harmonic');
  const inter = spec.disturbances.filter((d) => d.kind === 'interharmonic');
  for (let i = 0; i < theta.length; i++) {
    const t = i / spec.sampleRateHz;
    const th = theta[i];
    // Negative sequence turns the other way: phase b gets +120° instead of −120°.
    let v = Math.sin(th + SHIFT[k]) + (u2 / 100) * Math.sin(th - SHIFT[k]);
    v *= envelope(spec, k, t);
    for (const h of harmonics)
      v += (h.pct / 100) * Math.sin(h.order * (th + SHIFT[k]) + ((h.phaseDeg ?? 0) * Math.PI) / 180);
    for (const h of inter) v += (h.pct / 100) * Math.sin(2 * Math.PI * h.frequencyHz * t + SHIFT[k]);
    out[i] = peak * v;
  }
  return out;
}

function phaseCurrent(spec: WaveformSpec, theta: Float64Array, k: number): Float64Array {
  const peak = (spec.currentA ?? 0) * Math.SQRT2;
  const lag = ((spec.currentLagDeg ?? 0) * Math.PI) / 180;
  const out = new Float64Array(theta.length);
  for (let i = 0; i < theta.length; i++) {
    const a = theta[i] + SHIFT[k] - lag;
    let v = Math.sin(a);
    for (const h of spec.currentHarmonics ?? []) v += (h.pct / 100) * Math.sin(h.order * a);
    out[i] = peak * v;
  }
  return out;
}

function addNoise(channels: { samples: Float64Array }[], sigma: number, rand: () => number): void {
  for (const c of channels) {
    for (let i = 0; i < c.samples.length; i++) {
      const u = 1 - rand();
      c.samples[i] += sigma * Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * rand());
    }
  }
}
