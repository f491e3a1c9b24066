import FFT from 'fft.js';
import { RealFftPlan } from './real-fft-plan.ts';

/**
 * A precomputed discrete Fourier transform of real input of one fixed length. Power-of-two lengths
 * use our own real FFT (`RealFftPlan`, which unpacks only the bins asked for); any other length (e.g. 240 samples = 12 cycles at 1,200 samples/s) uses
 * Bluestein's chirp-z identity on top of fft.js, so every sample rate gets exact DFT bins.
 */
export interface DftPlan {
  readonly size: number;
  /**
   * Writes bins 0..binCount-1 of the DFT of input[offset .. offset+size) into re/im, and |X[k]|²
   * into `power` when given; returns the window's sum of squares.
   */
  forward(
    input: Float64Array,
    offset: number,
    re: Float64Array,
    im: Float64Array,
    binCount: number,
    power?: Float64Array,
  ): number;
}

const isPowerOfTwo = (n: number): boolean => n >= 2 && (n & (n - 1)) === 0;

/** Creates a reusable DFT plan of the given length; all buffers are allocated once here. */
export function createDftPlan(size: number): DftPlan {
  if (!Number.isInteger(size) || size < 2) throw new RangeError(`DFT size must be an integer ≥ 2, got ${size}`);
  return isPowerOfTwo(size) && size >= 4 ? new RealFftPlan(size) : new BluesteinPlan(size);
}

class BluesteinPlan implements DftPlan {
  readonly size: number;
  private readonly fft: FFT;
  private readonly chirpRe: Float64Array;
  private readonly chirpIm: Float64Array;
  /** FFT of the conjugate chirp filter, computed once. */
  private readonly filter: Float64Array;
  private readonly work: Float64Array;
  private readonly out: Float64Array;

  constructor(size: number) {
    this.size = size;
    let m = 1;
    while (m < 2 * size - 1) m <<= 1;
    this.fft = new FFT(m);
    this.chirpRe = new Float64Array(size);
    this.chirpIm = new Float64Array(size);
    for (let k = 0; k < size; k++) {
      // k² mod 2N keeps the angle small, so the chirp stays accurate for long windows.
      const angle = (Math.PI * ((k * k) % (2 * size))) / size;
      this.chirpRe[k] = Math.cos(angle);
      this.chirpIm[k] = -Math.sin(angle);
    }
    const b = new Float64Array(2 * m);
    for (let k = 0; k < size; k++) {
      b[2 * k] = this.chirpRe[k];
      b[2 * k + 1] = -this.chirpIm[k];
      if (k > 0) {
        b[2 * (m - k)] = this.chirpRe[k];
        b[2 * (m - k) + 1] = -this.chirpIm[k];
      }
    }
    this.filter = new Float64Array(2 * m);
    this.fft.transform(this.filter, b);
    this.work = new Float64Array(2 * m);
    this.out = new Float64Array(2 * m);
  }

  forward(
    input: Float64Array,
    offset: number,
    re: Float64Array,
    im: Float64Array,
    binCount: number,
    power?: Float64Array,
  ): number {
    const n = this.size;
    const w = this.work;
    w.fill(0);
    let energy = 0;
    for (let k = 0; k < n; k++) {
      const x = input[offset + k];
      energy += x * x;
      w[2 * k] = x * this.chirpRe[k];
      w[2 * k + 1] = x * this.chirpIm[k];
    }
    this.fft.transform(this.out, w);
    const o = this.out;
    const f = this.filter;
    for (let i = 0; i < o.length; i += 2) {
      const a = o[i];
      const b = o[i + 1];
      w[i] = a * f[i] - b * f[i + 1];
      w[i + 1] = a * f[i + 1] + b * f[i];
    }
    this.fft.inverseTransform(o, w);
    for (let k = 0; k < binCount; k++) {
      const a = o[2 * k];
      const b = o[2 * k + 1];
      re[k] = a * this.chirpRe[k] - b * this.chirpIm[k];
      im[k] = a * this.chirpIm[k] + b * this.chirpRe[k];
      if (power) power[k] = re[k] * re[k] + im[k] * im[k];
    }
    return energy;
  }
}
