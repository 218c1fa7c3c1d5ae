/**
 * Statistics as pure functions over plain arrays of numbers. Nothing here imports anything:
 * every function is checked against hand-computed fixtures in test/measure/stats.test.ts.
 */

/** A rate (or any higher-is-better figure) with its spread; `samples` are the independent repeats. */
export interface Rate {
  mean: number;
  median: number;
  /** 95% confidence interval of the mean (Student's t); equal ends with one sample. */
  ci95: [number, number];
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

export function ci95(xs: readonly number[]): [number, number] {
  const m = mean(xs);
  if (xs.length < 2) return [m, m];
  const half = (tCritical95(xs.length - 1) * sampleSd(xs)) / Math.sqrt(xs.length);
  return [m - half, m + half];
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
    ci95: ci95(samples),
    cv: samples.length < 2 || m === 0 ? 0 : sampleSd(samples) / m,
    outliers: countOutliers(samples),
    samples: [...samples],
  };
}

export function summarizeLatency(samples: readonly number[]): LatencySummary {
  const s = sortedAsc(samples);
  return { mean: mean(s), p50: quantile(s, 0.5), p95: quantile(s, 0.95), p99: quantile(s, 0.99), count: s.length };
}
