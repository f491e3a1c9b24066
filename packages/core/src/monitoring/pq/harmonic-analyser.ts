import { createDftPlan, type DftPlan } from './dft-plan.ts';

/** Highest harmonic order evaluated unless told otherwise (IEC 61000-4-30 class A goes to 50). */
export const DEFAULT_MAX_HARMONIC_ORDER = 50;

/** The measurement window of IEC 61000-4-7: 10 cycles at 50 Hz, 12 at 60 Hz (about 200 ms). */
export function cyclesPerWindow(nominalHz: number): number {
  return Math.round(nominalHz / 5);
}

/**
 * Everything one window yields. Arrays are indexed by harmonic order n (index 0 is DC for the
 * harmonic arrays, and "between DC and the fundamental" for the interharmonic arrays, whose index n
 * means between orders n and n+1). All values are RMS volts (or amperes).
 */
export interface HarmonicWindow {
  maxOrder: number;
  harmonicRms: Float64Array;
  groupRms: Float64Array;
  subgroupRms: Float64Array;
  interharmonicGroupRms: Float64Array;
  centredSubgroupRms: Float64Array;
  /** RMS phasor of the fundamental (cosine reference at the window start). */
  fundamentalRe: number;
  fundamentalIm: number;
  /** Ratios (not %) to the fundamental bin, group or subgroup, orders 2..maxOrder. */
  thd: number;
  thdg: number;
  thds: number;
  /** RMS of the whole window, from the samples. */
  windowRms: number;
}

/**
 * IEC 61000-4-7 harmonic analysis on a rectangular window of whole nominal cycles. Create one per
 * (sample rate, frequency) and reuse it: the DFT plan and every buffer are allocated once.
 */
export class HarmonicAnalyser {
  readonly windowSamples: number;
  readonly cycles: number;
  readonly maxOrder: number;
  private readonly plan: DftPlan;
  private readonly binCount: number;
  private readonly re: Float64Array;
  private readonly im: Float64Array;
  private readonly power: Float64Array;

  constructor(sampleRateHz: number, nominalHz: number, maxOrder = DEFAULT_MAX_HARMONIC_ORDER) {
    this.cycles = cyclesPerWindow(nominalHz);
    this.windowSamples = Math.round((this.cycles * sampleRateHz) / nominalHz);
    // The last interharmonic group reaches cycles-1 bins above the highest order; stay below Nyquist.
    const usable = Math.floor((this.windowSamples / 2 - this.cycles + 1) / this.cycles);
    this.maxOrder = Math.max(1, Math.min(maxOrder, usable));
    this.binCount = (this.maxOrder + 1) * this.cycles;
    this.plan = createDftPlan(this.windowSamples);
    this.re = new Float64Array(this.binCount);
    this.im = new Float64Array(this.binCount);
    this.power = new Float64Array(this.binCount);
  }

  /** A result object with buffers sized for this analyser, to be filled by `analyse` again and again. */
  createResult(): HarmonicWindow {
    const len = this.maxOrder + 1;
    return {
      maxOrder: this.maxOrder,
      harmonicRms: new Float64Array(len),
      groupRms: new Float64Array(len),
      subgroupRms: new Float64Array(len),
      interharmonicGroupRms: new Float64Array(len),
      centredSubgroupRms: new Float64Array(len),
      fundamentalRe: 0,
      fundamentalIm: 0,
      thd: 0,
      thdg: 0,
      thds: 0,
      windowRms: 0,
    };
  }

  /** Analyses samples[offset .. offset+windowSamples) into `out`. */
  analyse(samples: Float64Array, offset: number, out: HarmonicWindow): HarmonicWindow {
    const n = this.windowSamples;
    const energy = this.plan.forward(samples, offset, this.re, this.im, this.binCount);
    const p = this.power;
    const scale = 2 / (n * n);
    p[0] = (this.re[0] * this.re[0]) / (n * n);
    for (let k = 1; k < this.binCount; k++) p[k] = (this.re[k] * this.re[k] + this.im[k] * this.im[k]) * scale;
    out.windowRms = Math.sqrt(energy / n);
    const c = this.cycles;
    out.fundamentalRe = (this.re[c] * Math.SQRT2) / n;
    out.fundamentalIm = (this.im[c] * Math.SQRT2) / n;
    fillGroups(p, c, this.maxOrder, out);
    return out;
  }
}

/** Groups and subgroups of IEC 61000-4-7 from per-bin squared RMS values, for any cycles per window. */
export function fillGroups(power: Float64Array, cycles: number, maxOrder: number, out: HarmonicWindow): void {
  const half = cycles / 2;
  const edge = Math.floor(half);
  // With an even number of cycles the bins at ±half sit on the border and count half to each side.
  const evenSplit = cycles % 2 === 0;
  let h2 = 0;
  let g2 = 0;
  let s2 = 0;
  for (let order = 0; order <= maxOrder; order++) {
    const k = order * cycles;
    out.harmonicRms[order] = Math.sqrt(power[k]);
    let group = power[k];
    for (let i = 1; i <= edge; i++) {
      const w = evenSplit && i === edge ? 0.5 : 1;
      group += w * power[k + i] + (k - i >= 0 ? w * power[k - i] : 0);
    }
    out.groupRms[order] = Math.sqrt(group);
    const sub = power[k] + power[k + 1] + (k > 0 ? power[k - 1] : 0);
    out.subgroupRms[order] = Math.sqrt(sub);
    let ig = 0;
    let ics = 0;
    for (let i = 1; i < cycles; i++) {
      const v = power[k + i];
      ig += v;
      if (i >= 2 && i <= cycles - 2) ics += v;
    }
    out.interharmonicGroupRms[order] = Math.sqrt(ig);
    out.centredSubgroupRms[order] = Math.sqrt(ics);
    if (order >= 2) {
      h2 += power[k];
      g2 += group;
      s2 += sub;
    }
  }
  const h1 = out.harmonicRms[1];
  out.thd = h1 > 0 ? Math.sqrt(h2) / h1 : 0;
  out.thdg = out.groupRms[1] > 0 ? Math.sqrt(g2) / out.groupRms[1] : 0;
  out.thds = out.subgroupRms[1] > 0 ? Math.sqrt(s2) / out.subgroupRms[1] : 0;
}
