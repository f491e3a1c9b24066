/** Columns whose spread is below this are dropped: they would make the normal equations singular. */
const MIN_COLUMN_SPREAD = 1e-9;

export interface LinearFit {
  /** One coefficient per column of the design (0 for dropped columns). */
  coefficients: number[];
  /** Residual standard deviation (n − p degrees of freedom; 0 when n ≤ p). */
  residualStd: number;
  used: boolean[];
}

/**
 * Ordinary least squares y ≈ X·β by the normal equations and Gaussian elimination with partial
 * pivoting. Column 0 is the intercept; any other column that does not vary is left out.
 */
export function fitLinear(rows: readonly number[][], y: readonly number[]): LinearFit {
  const p = rows[0]?.length ?? 0;
  const used = Array.from({ length: p }, (_, j) => j === 0 || spread(rows, j) > MIN_COLUMN_SPREAD);
  const cols = used.flatMap((u, j) => (u ? [j] : []));
  const k = cols.length;
  const a = Array.from({ length: k }, () => new Array<number>(k + 1).fill(0));
  rows.forEach((r, i) => {
    for (let s = 0; s < k; s++) {
      for (let t = 0; t < k; t++) a[s][t] += r[cols[s]] * r[cols[t]];
      a[s][k] += r[cols[s]] * y[i];
    }
  });
  const beta = solve(a, k);
  const coefficients = new Array<number>(p).fill(0);
  cols.forEach((j, s) => (coefficients[j] = beta[s]));
  let sse = 0;
  rows.forEach((r, i) => {
    const e = y[i] - r.reduce((acc, v, j) => acc + v * coefficients[j], 0);
    sse += e * e;
  });
  const dof = rows.length - k;
  return { coefficients, residualStd: dof > 0 ? Math.sqrt(sse / dof) : 0, used };
}

function spread(rows: readonly number[][], j: number): number {
  let lo = Infinity;
  let hi = -Infinity;
  for (const r of rows) {
    lo = Math.min(lo, r[j]);
    hi = Math.max(hi, r[j]);
  }
  return hi - lo;
}

/** Solves the augmented k×(k+1) system in place; a pivot of 0 yields 0 for that unknown. */
function solve(a: number[][], k: number): number[] {
  for (let c = 0; c < k; c++) {
    let best = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(a[r][c]) > Math.abs(a[best][c])) best = r;
    [a[c], a[best]] = [a[best], a[c]];
    if (Math.abs(a[c][c]) < 1e-12) continue;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = a[r][c] / a[c][c];
      for (let t = c; t <= k; t++) a[r][t] -= f * a[c][t];
    }
  }
  return a.map((row, c) => (Math.abs(row[c]) < 1e-12 ? 0 : row[k] / row[c]));
}
