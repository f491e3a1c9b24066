/**
 * A real-input FFT of one power-of-two length N, planned once and reused for every window.
 *
 * The N real samples are packed as M = N/2 complex values (even samples real, odd samples
 * imaginary) and transformed by an in-place radix-2² decimation-in-time FFT (two radix-2 stages
 * fused into one radix-4 butterfly, so plain bit-reversed order still holds). Three things keep it
 * lean: the first butterflies read the input straight from bit-reversed addresses (no separate
 * permutation pass), every stage reads its twiddles from one contiguous table in loop order, and
 * only the output bins the caller asks for are unpacked (510 of 1,025 for harmonics to the 50th at
 * 10.24 kHz). Nothing is allocated per call.
 */
export class RealFftPlan {
  readonly size: number;
  private readonly half: number;
  /** True when log2(M) is odd: the first stage is then radix-2, every later one radix-4. */
  private readonly radix2First: boolean;
  /** Bit-reversed index of the first element of each first-stage butterfly. */
  private readonly firstReversed: Uint32Array;
  /** Per radix-4 stage q = first span, 4·first, …: for j = 1..q−1, cos/−sin of W^j, W^2j, W^3j (W = e^{−2πi/4q}). */
  private readonly twiddles: Float64Array;
  /** cos / −sin of 2πk/N, k ≤ M: the unpacking twiddles. */
  private readonly cosFull: Float64Array;
  private readonly sinFull: Float64Array;
  private readonly zr: Float64Array;
  private readonly zi: Float64Array;

  constructor(size: number) {
    if (!Number.isInteger(size) || size < 4 || (size & (size - 1)) !== 0)
      throw new RangeError(`real FFT size must be a power of two ≥ 4, got ${size}`);
    this.size = size;
    const m = size / 2;
    this.half = m;
    const bits = Math.round(Math.log2(m));
    this.radix2First = bits % 2 === 1;
    const first = this.radix2First ? 2 : 4;
    this.firstReversed = new Uint32Array(m / first);
    for (let t = 0; t < m / first; t++) this.firstReversed[t] = reverseBits(t * first, bits);
    this.twiddles = stageTwiddles(m, first);
    this.cosFull = new Float64Array(m + 1);
    this.sinFull = new Float64Array(m + 1);
    for (let k = 0; k <= m; k++) {
      this.cosFull[k] = Math.cos((2 * Math.PI * k) / size);
      this.sinFull[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    this.zr = new Float64Array(m);
    this.zi = new Float64Array(m);
  }

  /**
   * Writes bins 0..binCount-1 (binCount ≤ size/2 + 1) of the DFT of input[offset .. offset+size)
   * into re/im, and |X[k]|² into `power` when given; returns the window's sum of squares, which the
   * first stage gets for free.
   */
  forward(
    input: Float64Array,
    offset: number,
    re: Float64Array,
    im: Float64Array,
    binCount: number,
    power?: Float64Array,
  ): number {
    const energy = this.radix2First ? this.firstRadix2(input, offset) : this.firstRadix4(input, offset);
    const m = this.half;
    let tw = 0;
    for (let q = this.radix2First ? 2 : 4; q < m; q *= 4) {
      this.trivialButterflies(q);
      this.twiddledButterflies(q, tw);
      tw += 6 * (q - 1);
    }
    this.unpack(re, im, Math.min(binCount, m + 1), power);
    return energy;
  }

  /** Radix-4 butterflies with unit twiddles on input read from bit-reversed addresses. */
  private firstRadix4(x: Float64Array, offset: number): number {
    const m = this.half;
    const zr = this.zr;
    const zi = this.zi;
    const rev = this.firstReversed;
    // Complex element r sits at x[offset + 2r]; the butterfly's four inputs are r, r+M/2, r+M/4, r+3M/4.
    const o1 = offset + m;
    const o2 = offset + m / 2;
    const o3 = offset + (3 * m) / 2;
    let e0 = 0;
    let e1 = 0;
    for (let a = 0, t = 0; a < m; a += 4, t++) {
      const r2 = 2 * rev[t];
      const ar = x[offset + r2];
      const ai = x[offset + r2 + 1];
      const br = x[o1 + r2];
      const bi = x[o1 + r2 + 1];
      const cr = x[o2 + r2];
      const ci = x[o2 + r2 + 1];
      const dr = x[o3 + r2];
      const di = x[o3 + r2 + 1];
      e0 += ar * ar + br * br + cr * cr + dr * dr;
      e1 += ai * ai + bi * bi + ci * ci + di * di;
      const s0r = ar + br;
      const s0i = ai + bi;
      const s1r = ar - br;
      const s1i = ai - bi;
      const s2r = cr + dr;
      const s2i = ci + di;
      const s3r = cr - dr;
      const s3i = ci - di;
      zr[a] = s0r + s2r;
      zi[a] = s0i + s2i;
      zr[a + 2] = s0r - s2r;
      zi[a + 2] = s0i - s2i;
      zr[a + 1] = s1r + s3i;
      zi[a + 1] = s1i - s3r;
      zr[a + 3] = s1r - s3i;
      zi[a + 3] = s1i + s3r;
    }
    return e0 + e1;
  }

  /** Radix-2 butterflies on input read from bit-reversed addresses (inputs r and r+M/2). */
  private firstRadix2(x: Float64Array, offset: number): number {
    const m = this.half;
    const zr = this.zr;
    const zi = this.zi;
    const rev = this.firstReversed;
    const o1 = offset + m;
    let e = 0;
    for (let a = 0, t = 0; a < m; a += 2, t++) {
      const r2 = 2 * rev[t];
      const ar = x[offset + r2];
      const ai = x[offset + r2 + 1];
      const br = x[o1 + r2];
      const bi = x[o1 + r2 + 1];
      e += ar * ar + ai * ai + br * br + bi * bi;
      zr[a] = ar + br;
      zi[a] = ai + bi;
      zr[a + 1] = ar - br;
      zi[a + 1] = ai - bi;
    }
    return e;
  }

  /** The j = 0 butterflies of a radix-4 stage: every twiddle is 1, so no products at all. */
  private trivialButterflies(q: number): void {
    const m = this.half;
    const zr = this.zr;
    const zi = this.zi;
    for (let a = 0; a < m; a += 4 * q) {
      const b = a + q;
      const c = b + q;
      const d = c + q;
      const s0r = zr[a] + zr[b];
      const s0i = zi[a] + zi[b];
      const s1r = zr[a] - zr[b];
      const s1i = zi[a] - zi[b];
      const s2r = zr[c] + zr[d];
      const s2i = zi[c] + zi[d];
      const s3r = zr[c] - zr[d];
      const s3i = zi[c] - zi[d];
      zr[a] = s0r + s2r;
      zi[a] = s0i + s2i;
      zr[c] = s0r - s2r;
      zi[c] = s0i - s2i;
      zr[b] = s1r + s3i;
      zi[b] = s1i - s3r;
      zr[d] = s1r - s3i;
      zi[d] = s1i + s3r;
    }
  }

  /**
   * Fuses the radix-2 stages that grow blocks from `q` to 2q and from 2q to 4q. In bit-reversed
   * order the sub-transforms at a, a+q, a+2q, a+3q are the residues 0, 2, 1, 3 mod 4, so with
   * w = W_{4q}^j the butterfly combines (a, w²·b, w·c, w³·d): three complex products, not four.
   */
  private twiddledButterflies(q: number, tw: number): void {
    const m = this.half;
    const zr = this.zr;
    const zi = this.zi;
    const w = this.twiddles;
    const block = 4 * q;
    for (let j = 1, t = tw; j < q; j++, t += 6) {
      const w1r = w[t];
      const w1i = w[t + 1];
      const w2r = w[t + 2];
      const w2i = w[t + 3];
      const w3r = w[t + 4];
      const w3i = w[t + 5];
      for (let a = j; a < m; a += block) {
        const b = a + q;
        const c = b + q;
        const d = c + q;
        const ar = zr[a];
        const ai = zi[a];
        const xr = zr[c];
        const xi = zi[c];
        const br = xr * w1r - xi * w1i;
        const bi = xr * w1i + xi * w1r;
        const yr = zr[b];
        const yi = zi[b];
        const cr = yr * w2r - yi * w2i;
        const ci = yr * w2i + yi * w2r;
        const vr = zr[d];
        const vi = zi[d];
        const dr = vr * w3r - vi * w3i;
        const di = vr * w3i + vi * w3r;
        const s0r = ar + cr;
        const s0i = ai + ci;
        const s1r = ar - cr;
        const s1i = ai - ci;
        const s2r = br + dr;
        const s2i = bi + di;
        const s3r = br - dr;
        const s3i = bi - di;
        zr[a] = s0r + s2r;
        zi[a] = s0i + s2i;
        zr[c] = s0r - s2r;
        zi[c] = s0i - s2i;
        // s1 ∓ i·s3
        zr[b] = s1r + s3i;
        zi[b] = s1i - s3r;
        zr[d] = s1r - s3i;
        zi[d] = s1i + s3r;
      }
    }
  }

  /** X[k] = E[k] + W_N^k·O[k], from Z[k] and conj(Z[M−k]) of the packed transform. */
  private unpack(re: Float64Array, im: Float64Array, bins: number, power: Float64Array | undefined): void {
    const m = this.half;
    const zr = this.zr;
    const zi = this.zi;
    const cf = this.cosFull;
    const sf = this.sinFull;
    const last = Math.min(bins, m);
    for (let k = 1; k < last; k++) {
      const ar = zr[k];
      const ai = zi[k];
      const br = zr[m - k];
      const bi = zi[m - k];
      // E = (Z[k] + conj Z[M−k]) / 2, O = −i/2·(Z[k] − conj Z[M−k])
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai - bi);
      const or = 0.5 * (ai + bi);
      const oi = 0.5 * (br - ar);
      const c = cf[k];
      const s = sf[k];
      const xr = er + or * c - oi * s;
      const xi = ei + or * s + oi * c;
      re[k] = xr;
      im[k] = xi;
      if (power) power[k] = xr * xr + xi * xi;
    }
    if (bins > 0) realBin(0, zr[0] + zi[0], re, im, power);
    if (bins > m) realBin(m, zr[0] - zi[0], re, im, power);
  }
}

/** DC and Nyquist: real bins. */
function realBin(k: number, x: number, re: Float64Array, im: Float64Array, power: Float64Array | undefined): void {
  re[k] = x;
  im[k] = 0;
  if (power) power[k] = x * x;
}

function reverseBits(i: number, bits: number): number {
  let r = 0;
  for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
  return r;
}

/** The twiddle table of every radix-4 stage after the first, laid out in the order the butterflies read it. */
function stageTwiddles(m: number, first: number): Float64Array {
  let length = 0;
  for (let q = first; q < m; q *= 4) length += 6 * (q - 1);
  const w = new Float64Array(length);
  let t = 0;
  for (let q = first; q < m; q *= 4)
    for (let j = 1; j < q; j++)
      for (let p = 1; p <= 3; p++) {
        const angle = (2 * Math.PI * p * j) / (4 * q);
        w[t++] = Math.cos(angle);
        w[t++] = -Math.sin(angle);
      }
  return w;
}
