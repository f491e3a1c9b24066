/** A phasor as real and imaginary parts (RMS scale). */
export interface Phasor {
  re: number;
  im: number;
}

export interface SymmetricalComponents {
  positiveV: number;
  negativeV: number;
  zeroV: number;
  /** Negative-sequence unbalance |U2|/|U1|, as a ratio. */
  u2: number;
  /** Zero-sequence unbalance |U0|/|U1|, as a ratio. */
  u0: number;
}

const A_RE = -0.5;
const A_IM = Math.sqrt(3) / 2;

/** Fortescue decomposition of the three fundamental phasors (phase order A, B, C; B lags A). */
export function symmetricalComponents(a: Phasor, b: Phasor, c: Phasor): SymmetricalComponents {
  // a·x rotates by +120°, a²·x by +240° (= −120°).
  const rot = (p: Phasor, s: number): Phasor => ({
    re: A_RE * p.re - s * A_IM * p.im,
    im: A_RE * p.im + s * A_IM * p.re,
  });
  const b1 = rot(b, 1);
  const c2 = rot(c, -1);
  const b2 = rot(b, -1);
  const c1 = rot(c, 1);
  const pos = Math.hypot(a.re + b1.re + c2.re, a.im + b1.im + c2.im) / 3;
  const neg = Math.hypot(a.re + b2.re + c1.re, a.im + b2.im + c1.im) / 3;
  const zero = Math.hypot(a.re + b.re + c.re, a.im + b.im + c.im) / 3;
  return { positiveV: pos, negativeV: neg, zeroV: zero, u2: pos > 0 ? neg / pos : 0, u0: pos > 0 ? zero / pos : 0 };
}

/**
 * Negative-sequence unbalance from the three line-to-line voltage magnitudes alone (IEC 61000-4-30):
 * u2 = √((1 − √(3 − 6β)) / (1 + √(3 − 6β))), β = ΣU⁴ / (ΣU²)². Zero sequence never appears in line
 * voltages, so this agrees with the phasor method.
 */
export function unbalanceFromLineMagnitudes(uab: number, ubc: number, uca: number): number {
  const s2 = uab * uab + ubc * ubc + uca * uca;
  const s4 = uab ** 4 + ubc ** 4 + uca ** 4;
  const beta = s4 / (s2 * s2);
  const root = Math.sqrt(Math.max(0, 3 - 6 * beta));
  return Math.sqrt(Math.max(0, (1 - root) / (1 + root)));
}

/** Line-to-line phasors from phase-to-neutral ones: Uab = Ua − Ub and so on. */
export function lineVoltages(a: Phasor, b: Phasor, c: Phasor): [Phasor, Phasor, Phasor] {
  return [
    { re: a.re - b.re, im: a.im - b.im },
    { re: b.re - c.re, im: b.im - c.im },
    { re: c.re - a.re, im: c.im - a.im },
  ];
}

/** NEMA MG1 definition: largest deviation from the average magnitude, divided by the average. */
export function nemaUnbalance(magnitudes: readonly number[]): number {
  const avg = magnitudes.reduce((s, v) => s + v, 0) / magnitudes.length;
  if (avg === 0) return 0;
  return Math.max(...magnitudes.map((v) => Math.abs(v - avg))) / avg;
}
