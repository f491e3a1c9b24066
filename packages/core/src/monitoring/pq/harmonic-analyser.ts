import { createDftPlan, type DftPlan } from './dft-plan.ts';

/** Highest harmonic order evaluated unless told otherwise (IEC 61000-4-30 class A goes to 50). */
export const DEFAULT_MAX_HARMONIC_ORDER = 50;

/** Fewest whole cycles per window for which groups and interharmonic groups mean anything (nominal ≥ 7.5 Hz). */
export const MIN_CYCLES_PER_WINDOW = 2;

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
    // Interharmonic groups need bins between the harmonic ones: at least two cycles per window.
    if (!(this.cycles >= MIN_CYCLES_PER_WINDOW))
      throw new RangeError(
        `nominal frequency ${nominalHz} Hz gives fewer than ${MIN_CYCLES_PER_WINDOW} cycles per window`,
      );
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
    const p = this.power;
    const re = this.re;
    const im = this.im;
    const energy = this.plan.forward(samples, offset, re, im, this.binCount, p);
    // Bin k > 0 stands for ±k, so its squared RMS is 2|X|²/n²; DC has no twin and gets half of that.
    p[0] *= 0.5;
    out.windowRms = Math.sqrt(energy / n);
    const c = this.cycles;
    out.fundamentalRe = (re[c] * Math.SQRT2) / n;
    out.fundamentalIm = (im[c] * Math.SQRT2) / n;
    fillGroups(p, c, this.maxOrder, out, 2 / (n * n));
    return out;
  }
}

/**
 * Groups and subgroups of IEC 61000-4-7 from per-bin squared RMS values (`power` × `scale`), for any
 * cycles per window.
 * One pass over the bins: the bins between two harmonic orders are summed once for the
 * interharmonic values, and the part of them the next order's group reaches is carried over.
 */
export function fillGroups(
  power: Float64Array,
  cycles: number,
  maxOrder: number,
  out: HarmonicWindow,
  scale = 1,
): void {
  const { harmonicRms, groupRms, subgroupRms, interharmonicGroupRms, centredSubgroupRms } = out;
  const edge = Math.floor(cycles / 2);
  // With an even number of cycles the bins at ±cycles/2 sit on the border and count half to each side.
  const border = cycles % 2 === 0 ? 0.5 : 1;
  let h2 = 0;
  let g2 = 0;
  let s2 = 0;
  // The group's bins below order n's bin, and the bin just below it, left by order n−1 (none below DC).
  let lower = 0;
  let below = 0;
  for (let order = 0, k = 0; order <= maxOrder; order++, k += cycles) {
    const centre = power[k];
    let upper = border * power[k + edge];
    for (let i = 1; i < edge; i++) upper += power[k + i];
    let centred = 0;
    for (let i = 2; i <= cycles - 2; i++) centred += power[k + i];
    const first = power[k + 1];
    const last = power[k + cycles - 1];
    const inter = cycles > 2 ? centred + first + last : first;
    const group = centre + upper + lower;
    const sub = centre + first + below;
    harmonicRms[order] = Math.sqrt(centre * scale);
    groupRms[order] = Math.sqrt(group * scale);
    subgroupRms[order] = Math.sqrt(sub * scale);
    interharmonicGroupRms[order] = Math.sqrt(inter * scale);
    centredSubgroupRms[order] = Math.sqrt(centred * scale);
    if (order >= 2) {
      h2 += centre;
      g2 += group;
      s2 += sub;
    }
    lower = border * power[k + cycles - edge];
    for (let i = cycles - edge + 1; i < cycles; i++) lower += power[k + i];
    below = last;
  }
  const h1 = harmonicRms[1];
  out.thd = h1 > 0 ? Math.sqrt(h2 * scale) / h1 : 0;
  out.thdg = groupRms[1] > 0 ? Math.sqrt(g2 * scale) / groupRms[1] : 0;
  out.thds = subgroupRms[1] > 0 ? Math.sqrt(s2 * scale) / subgroupRms[1] : 0;
}
