/**
 * Scaling fits as pure functions: how a cost grows with the validator count. Nothing here imports
 * anything; test/consensus/scaling.test.ts checks it against hand-computed fixtures.
 */

export interface PowerLawFit {
  /** b in y = a·x^b: 1 is linear, 2 quadratic. */
  exponent: number;
  /** a in y = a·x^b. */
  coefficient: number;
  /** Coefficient of determination of the fit in log–log space (1 when every point lies on the line). */
  r2: number;
  points: number;
}

/**
 * Ordinary least squares of ln y on ln x: ln y = ln a + b ln x. Null with fewer than two distinct
 * x, or any non-positive value (no logarithm).
 */
export function fitPowerLaw(xs: readonly number[], ys: readonly number[]): PowerLawFit | null {
  if (xs.length !== ys.length || xs.length < 2) return null;
  if ([...xs, ...ys].some((v) => !(v > 0) || !Number.isFinite(v))) return null;
  if (new Set(xs).size < 2) return null;
  const lx = xs.map(Math.log);
  const ly = ys.map(Math.log);
  const mx = lx.reduce((s, v) => s + v, 0) / lx.length;
  const my = ly.reduce((s, v) => s + v, 0) / ly.length;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < lx.length; i++) {
    sxy += (lx[i]! - mx) * (ly[i]! - my);
    sxx += (lx[i]! - mx) ** 2;
  }
  const exponent = sxy / sxx;
  const intercept = my - exponent * mx;
  let ssRes = 0;
  let ssTot = 0;
  for (let i = 0; i < lx.length; i++) {
    ssRes += (ly[i]! - (intercept + exponent * lx[i]!)) ** 2;
    ssTot += (ly[i]! - my) ** 2;
  }
  return { exponent, coefficient: Math.exp(intercept), r2: ssTot === 0 ? 1 : 1 - ssRes / ssTot, points: xs.length };
}

/**
 * The knee of a throughput curve: the smallest x at which the figure falls below half of its value
 * at the smallest x. Null when it never does, or when the smallest-x figure is not positive.
 */
export function kneeOf(xs: readonly number[], ys: readonly number[]): number | null {
  const points = xs.map((x, i) => ({ x, y: ys[i]! })).sort((a, b) => a.x - b.x);
  const base = points[0]?.y;
  if (base === undefined || !(base > 0)) return null;
  return points.find((p) => p.y < base / 2)?.x ?? null;
}

export interface OffsetPowerLawFit {
  /** c in y = c + a·x^b: the part that does not grow with x (for a round, the block check). */
  base: number;
  /** a in y = c + a·x^b. */
  coefficient: number;
  /** b in y = c + a·x^b: how the growing part grows (1 linear, 2 quadratic). */
  exponent: number;
  /** Coefficient of determination on the original scale. */
  r2: number;
  points: number;
}

/** The exponents tried, 0.001 apart; the fit's exponent is the best of them. */
const EXPONENT_STEP = 0.001;
const EXPONENT_MAX = 4;

/**
 * Least squares of y = c + a·x^b with c ≥ 0 and a ≥ 0: for each exponent b on a grid, c and a are
 * the linear least-squares line of y on x^b (c held at 0 when the line would cross below it), and
 * the b with the smallest residual wins. A round is a fixed part (the block's checks) plus a part
 * that grows with n (the votes), which a plain power law cannot follow: it bends, and its exponent
 * mixes the two. Null with fewer than four distinct x (three parameters need a point to spare),
 * or any non-positive or non-finite value.
 */
export function fitOffsetPowerLaw(xs: readonly number[], ys: readonly number[]): OffsetPowerLawFit | null {
  if (xs.length !== ys.length) return null;
  if ([...xs, ...ys].some((v) => !(v > 0) || !Number.isFinite(v))) return null;
  if (new Set(xs).size < 4) return null;
  const n = ys.length;
  const my = ys.reduce((s, v) => s + v, 0) / n;
  const ssTot = ys.reduce((s, v) => s + (v - my) ** 2, 0);
  let best: { base: number; coefficient: number; exponent: number; ssRes: number } | null = null;
  for (let step = 0; step * EXPONENT_STEP <= EXPONENT_MAX; step++) {
    const b = step * EXPONENT_STEP;
    const us = xs.map((x) => x ** b);
    const mu = us.reduce((s, v) => s + v, 0) / n;
    let suy = 0;
    let suu = 0;
    for (let i = 0; i < n; i++) {
      suy += (us[i]! - mu) * (ys[i]! - my);
      suu += (us[i]! - mu) ** 2;
    }
    let a = suu === 0 ? 0 : suy / suu;
    let c = my - a * mu;
    if (c < 0) {
      // Through the origin: a = Σuy / Σuu.
      c = 0;
      a = us.reduce((s, u, i) => s + u * ys[i]!, 0) / us.reduce((s, u) => s + u * u, 0);
    }
    if (a < 0) {
      a = 0;
      c = my;
    }
    const ssRes = ys.reduce((s, y, i) => s + (y - (c + a * us[i]!)) ** 2, 0);
    if (!best || ssRes < best.ssRes) best = { base: c, coefficient: a, exponent: b, ssRes };
  }
  const fit = best!;
  return {
    base: fit.base,
    coefficient: fit.coefficient,
    exponent: fit.coefficient === 0 ? 0 : fit.exponent,
    r2: ssTot === 0 ? 1 : 1 - fit.ssRes / ssTot,
    points: n,
  };
}
