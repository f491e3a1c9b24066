/**
 * A real-input FFT of one power-of-two length N, planned once and reused for every window.
 *
 * The N real samples are packed as N/2 complex values (even samples real, odd samples imaginary),
 * transformed by an in-place radix-4 (two radix-2 stages fused, so bit-reversed order still holds)
 * complex FFT, and only the output bins the caller asks for are unpacked. For harmonics to the 50th
 * at 10.24 kHz that is 510 of 1,025 bins. Nothing is allocated per call.
 */
export class RealFftPlan {
  readonly size: number;
  private readonly half: number;
  private readonly reversed: Uint32Array;
  /** cos / −sin of 2πk/half, k < half: the complex FFT's twiddles. */
  private readonly cosHalf: Float64Array;
  private readonly sinHalf: Float64Array;
  /** cos / −sin of 2πk/size, k ≤ half: the unpacking twiddles. */
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
    const bits = Math.log2(m);
    this.reversed = new Uint32Array(m);
    for (let i = 0; i < m; i++) {
      let r = 0;
      for (let b = 0, v = i; b < bits; b++, v >>= 1) r = (r << 1) | (v & 1);
      this.reversed[i] = r;
    }
    this.cosHalf = new Float64Array(m);
    this.sinHalf = new Float64Array(m);
    for (let k = 0; k < m; k++) {
      this.cosHalf[k] = Math.cos((2 * Math.PI * k) / m);
      this.sinHalf[k] = -Math.sin((2 * Math.PI * k) / m);
    }
    this.cosFull = new Float64Array(m + 1);
    this.sinFull = new Float64Array(m + 1);
    for (let k = 0; k <= m; k++) {
      this.cosFull[k] = Math.cos((2 * Math.PI * k) / size);
      this.sinFull[k] = -Math.sin((2 * Math.PI * k) / size);
    }
    this.zr = new Float64Array(m);
    this.zi = new Float64Array(m);
  }

  /** Writes bins 0..binCount-1 (binCount ≤ size/2 + 1) of the DFT of input[offset .. offset+size) into re/im. */
  forward(input: Float64Array, offset: number, re: Float64Array, im: Float64Array, binCount: number): void {
    const m = this.half;
    const zr = this.zr;
    const zi = this.zi;
    const rev = this.reversed;
    for (let n = 0; n < m; n++) {
      const at = rev[n];
      zr[at] = input[offset + 2 * n];
      zi[at] = input[offset + 2 * n + 1];
    }
    this.complexInPlace();
    this.unpack(re, im, Math.min(binCount, m + 1));
  }

  /** Radix-2² decimation-in-time stages over bit-reversed data. */
  private complexInPlace(): void {
    const m = this.half;
    const zr = this.zr;
    const zi = this.zi;
    let span = 1;
    if (Math.log2(m) % 2 === 1) {
      // An odd number of radix-2 stages: do one plain stage (twiddle 1) first.
      for (let i = 0; i < m; i += 2) {
        const ar = zr[i];
        const ai = zi[i];
        zr[i] = ar + zr[i + 1];
        zi[i] = ai + zi[i + 1];
        zr[i + 1] = ar - zr[i + 1];
        zi[i + 1] = ai - zi[i + 1];
      }
      span = 2;
    }
    for (; span < m; span *= 4) {
      this.radix4Trivial(span);
      this.radix4Stage(span);
    }
  }

  /** The j = 0 butterflies of a fused stage: every twiddle is 1, so no products at all. */
  private radix4Trivial(q: number): void {
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
   * Fuses the radix-2 stages that grow blocks from `q` to 2q and from 2q to 4q. With w = W_{4q}^j the
   * two stages are one radix-4 butterfly on (a, w·c, w²·b, w³·d): three complex products, not four.
   */
  private radix4Stage(q: number): void {
    const m = this.half;
    const zr = this.zr;
    const zi = this.zi;
    const cs = this.cosHalf;
    const sn = this.sinHalf;
    const block = 4 * q;
    const stride = m / block;
    for (let j = 1; j < q; j++) {
      const t = j * stride;
      const w1r = cs[t];
      const w1i = sn[t];
      const w2r = cs[2 * t];
      const w2i = sn[2 * t];
      const w3r = cs[3 * t];
      const w3i = sn[3 * t];
      for (let a = j; a < m; a += block) {
        const b = a + q;
        const c = b + q;
        const d = c + q;
        const ar = zr[a];
        const ai = zi[a];
        const br = zr[c] * w1r - zi[c] * w1i;
        const bi = zr[c] * w1i + zi[c] * w1r;
        const cr = zr[b] * w2r - zi[b] * w2i;
        const ci = zr[b] * w2i + zi[b] * w2r;
        const dr = zr[d] * w3r - zi[d] * w3i;
        const di = zr[d] * w3i + zi[d] * w3r;
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
  private unpack(re: Float64Array, im: Float64Array, bins: number): void {
    const m = this.half;
    const zr = this.zr;
    const zi = this.zi;
    const cf = this.cosFull;
    const sf = this.sinFull;
    if (bins > 0) {
      re[0] = zr[0] + zi[0];
      im[0] = 0;
    }
    const last = Math.min(bins, m);
    for (let k = 1; k < last; k++) {
      const ar = zr[k];
      const ai = zi[k];
      const br = zr[m - k];
      const bi = -zi[m - k];
      const er = 0.5 * (ar + br);
      const ei = 0.5 * (ai + bi);
      // O = −i/2·(Z[k] − conj Z[M−k])
      const or = 0.5 * (ai - bi);
      const oi = -0.5 * (ar - br);
      re[k] = er + or * cf[k] - oi * sf[k];
      im[k] = ei + or * sf[k] + oi * cf[k];
    }
    if (bins > m) {
      re[m] = zr[0] - zi[0];
      im[m] = 0;
    }
  }
}
