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
