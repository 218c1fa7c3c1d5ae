/**
 * Statistics as pure functions over plain arrays of numbers. Nothing here imports anything:
 * every function is checked against hand-computed fixtures in test/measure/stats.test.ts.
 */

/** A rate (or any higher-is-better figure) with its spread; `samples` are the independent repeats. */
export interface Rate {
  mean: number;
  median: number;
  /**
   * 95% confidence interval of the median (medianCi95): always contains `median` and stays within
   * the samples' range on the positive side. Null with one sample: one value has no spread.
   */
  ci95: [number, number] | null;
  /** Coefficient of variation: sample standard deviation ÷ mean. 0 with one sample. */
  cv: number;
  /** Samples whose modified z-score exceeds 3.5 (Iglewicz & Hoaglin, 1993). */
  outliers: number;
  samples: number[];
  /**
   * Present when the Rate was merged from several runs (`chainmark merge`): each run's own median,
   * in run order. The CI gate tests these, not the pooled samples: one process's samples share
   * that process's offset (JIT, memory layout, core placement), so the run is the independent unit.
   */
  runs?: number[];
}

export interface LatencySummary {
  mean: number;
  p50: number;
  p95: number;
  p99: number;
  count: number;
}

export function sortedAsc(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/**
 * Quantile of sorted data by linear interpolation between order statistics (Hyndman & Fan
 * type 7, the default of R and NumPy): h = (n − 1)q.
 */
export function quantile(sorted: readonly number[], q: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * q;
  const lo = Math.floor(h);
  const hi = Math.ceil(h);
  return sorted[lo]! + (h - lo) * (sorted[hi]! - sorted[lo]!);
}

export function median(sorted: readonly number[]): number {
  return quantile(sorted, 0.5);
}

/** Sample standard deviation (n − 1 denominator); 0 for fewer than two values. */
export function sampleSd(xs: readonly number[]): number {
  if (xs.length < 2) return 0;
  const m = mean(xs);
  let ss = 0;
  for (const x of xs) ss += (x - m) ** 2;
  return Math.sqrt(ss / (xs.length - 1));
}

// Two-sided 95% critical values of Student's t (any statistics table, e.g. NIST/SEMATECH 1.3.6.7.2).
const T95: Record<number, number> = {
  1: 12.706,
  2: 4.303,
  3: 3.182,
  4: 2.776,
  5: 2.571,
  6: 2.447,
  7: 2.365,
  8: 2.306,
  9: 2.262,
  10: 2.228,
  11: 2.201,
  12: 2.179,
  13: 2.16,
  14: 2.145,
  15: 2.131,
  16: 2.12,
  17: 2.11,
  18: 2.101,
  19: 2.093,
  20: 2.086,
  21: 2.08,
  22: 2.074,
  23: 2.069,
  24: 2.064,
  25: 2.06,
  26: 2.056,
  27: 2.052,
  28: 2.048,
  29: 2.045,
  30: 2.042,
  40: 2.021,
  60: 2.0,
  120: 1.98,
};

/** t(0.975, df); between table rows, linear in 1/df (the standard table interpolation). */
export function tCritical95(df: number): number {
  if (!(df >= 1)) return NaN;
  if (T95[df] !== undefined) return T95[df]!;
  const rows = [30, 40, 60, 120, Infinity];
  const vals = [2.042, 2.021, 2.0, 1.98, 1.96];
  for (let i = 0; i < rows.length - 1; i++) {
    if (df > rows[i]! && df < rows[i + 1]!) {
      const x0 = 1 / rows[i]!;
      const x1 = 1 / rows[i + 1]!;
      return vals[i]! + ((1 / df - x0) / (x1 - x0)) * (vals[i + 1]! - vals[i]!);
    }
  }
  return 1.96;
}

/**
 * The smallest k ≥ 1 such that [x₍ₖ₎, x₍ₙ₊₁₋ₖ₎] of n sorted samples covers the median with
 * probability ≥ 95%, or null when even [min, max] does not (n ≤ 5: its coverage is 1 − 2·0.5ⁿ).
 * The count of samples below the true median is Binomial(n, ½) whatever the distribution, so the
 * interval misses it with probability 2·P(B ≤ k − 1); the largest k keeping that ≤ 5% is the
 * narrowest such interval (Conover, Practical Nonparametric Statistics, 3rd ed., §3.2).
 */
export function medianRank95(n: number): number | null {
  // P(B = j) built up in log space, so that 0.5ⁿ cannot underflow for large merged files.
  let logPmf = -n * Math.LN2;
  let cdf = 0;
  let k = 0;
  for (let j = 0; j < n / 2; j++) {
    cdf += Math.exp(logPmf);
    if (cdf > 0.025) break;
    k = j + 1;
    logPmf += Math.log((n - j) / (j + 1));
  }
  return k >= 1 ? k : null;
}

/**
 * 95% confidence interval of the median of positive samples, chosen so that it always contains
 * the sample median and never goes below zero (a t-interval of the mean does both wrong for a
 * rate from a few noisy windows: symmetric, so its lower end falls below 0 when the spread is
 * wide):
 * - n ≥ 6: the distribution-free interval between two order statistics (medianRank95); it
 *   assumes nothing about the shape of the distribution and lies within the samples' range.
 * - 2 ≤ n ≤ 5, where no pair of order statistics reaches 95%: Student's t on the logarithms,
 *   back-transformed, exp(mean(ln x) ± t(n − 1)·sd(ln x)/√n). It assumes the logarithms are
 *   roughly normal (a lognormal rate), whose median is the geometric mean; it is positive by
 *   construction and asymmetric like the data. At these n it contains the sample median: for
 *   n ≤ 4 every sample lies within (n − 1)/√n log-sds of the log mean (Samuelson's inequality)
 *   and t(n − 1)/√n exceeds that; for n = 5 the middle sample lies within one log-sd and
 *   t(4)/√5 = 1.24. Null when a sample is 0 or negative, where the logarithm has no meaning.
 * - n ≤ 1: null.
 * The ends are widened to the median if rounding of exp∘ln puts it a last bit outside.
 */
export function medianCi95(xs: readonly number[]): [number, number] | null {
  const n = xs.length;
  if (n < 2) return null;
  const sorted = sortedAsc(xs);
  const med = median(sorted);
  const k = medianRank95(n);
  if (k !== null) return [sorted[k - 1]!, sorted[n - k]!];
  if (!sorted.every((x) => x > 0 && Number.isFinite(x))) return null;
  const logs = sorted.map(Math.log);
  const centre = mean(logs);
  const half = (tCritical95(n - 1) * sampleSd(logs)) / Math.sqrt(n);
  return [Math.min(Math.exp(centre - half), med), Math.max(Math.exp(centre + half), med)];
}

/** Median absolute deviation from the median, unscaled. */
export function mad(xs: readonly number[]): number {
  const med = median(sortedAsc(xs));
  return median(sortedAsc(xs.map((x) => Math.abs(x - med))));
}

/** Modified z-scores 0.6745·(x − median)/MAD (Iglewicz & Hoaglin); all 0 when MAD is 0. */
export function modifiedZScores(xs: readonly number[]): number[] {
  const med = median(sortedAsc(xs));
  const d = mad(xs);
  return xs.map((x) => (d === 0 ? 0 : (0.6745 * (x - med)) / d));
}

export function countOutliers(xs: readonly number[], threshold = 3.5): number {
  return modifiedZScores(xs).filter((z) => Math.abs(z) > threshold).length;
}

export function summarizeRate(samples: readonly number[]): Rate {
  const m = mean(samples);
  return {
    mean: m,
    median: median(sortedAsc(samples)),
    ci95: medianCi95(samples),
    cv: samples.length < 2 || m === 0 ? 0 : sampleSd(samples) / m,
    outliers: countOutliers(samples),
    samples: [...samples],
  };
}

export function summarizeLatency(samples: readonly number[]): LatencySummary {
  const s = sortedAsc(samples);
  return { mean: mean(s), p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99), count: s.length };
}
