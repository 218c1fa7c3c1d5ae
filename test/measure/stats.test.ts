import { describe, expect, it } from 'vitest';
import {
  ci95,
  countOutliers,
  mad,
  mean,
  median,
  modifiedZScores,
  quantile,
  sampleSd,
  sortedAsc,
  summarizeLatency,
  summarizeRate,
  tCritical95,
} from '../../src/measure/stats.js';

// Every expected value below is worked out by hand in the comment beside it.

describe('mean', () => {
  it('is the sum over the count', () => {
    // (2 + 4 + 4 + 4 + 5 + 5 + 7 + 9) / 8 = 40 / 8 = 5
    expect(mean([2, 4, 4, 4, 5, 5, 7, 9])).toBe(5);
    // (1 + 2) / 2 = 1.5
    expect(mean([1, 2])).toBe(1.5);
  });

  it('is NaN for no values', () => {
    expect(mean([])).toBeNaN();
  });
});

describe('quantile (Hyndman & Fan type 7)', () => {
  const xs = [1, 2, 3, 4];

  it('interpolates between order statistics at h = (n − 1)q', () => {
    // q = 0.25: h = 3 · 0.25 = 0.75 → x[0] + 0.75 · (x[1] − x[0]) = 1 + 0.75 = 1.75
    expect(quantile(xs, 0.25)).toBeCloseTo(1.75, 12);
    // q = 0.75: h = 2.25 → 3 + 0.25 · 1 = 3.25
    expect(quantile(xs, 0.75)).toBeCloseTo(3.25, 12);
    // q = 0.9: h = 2.7 → 3 + 0.7 · 1 = 3.7 (R: quantile(1:4, 0.9) = 3.7)
    expect(quantile(xs, 0.9)).toBeCloseTo(3.7, 12);
  });

  it('returns the extremes at q = 0 and q = 1', () => {
    expect(quantile(xs, 0)).toBe(1);
    expect(quantile(xs, 1)).toBe(4);
  });

  it('lands exactly on an order statistic when h is an integer', () => {
    // [10, 20, 30, 40, 50], q = 0.25: h = 4 · 0.25 = 1 → x[1] = 20
    expect(quantile([10, 20, 30, 40, 50], 0.25)).toBe(20);
  });

  it('is NaN for no values', () => {
    expect(quantile([], 0.5)).toBeNaN();
  });
});

describe('median', () => {
  it('is the middle value of an odd count', () => {
    // sorted [1, 3, 7]: h = 2 · 0.5 = 1 → 3
    expect(median([1, 3, 7])).toBe(3);
  });

  it('is the mean of the two middle values of an even count', () => {
    // sorted [1, 2, 3, 4]: h = 1.5 → 2 + 0.5 · (3 − 2) = 2.5
    expect(median([1, 2, 3, 4])).toBe(2.5);
  });

  it('expects sorted input; sortedAsc sorts numerically without touching its argument', () => {
    const raw = [10, 9, 100, 1];
    const sorted = sortedAsc(raw);
    // A lexicographic sort would give [1, 10, 100, 9].
    expect(sorted).toEqual([1, 9, 10, 100]);
    expect(raw).toEqual([10, 9, 100, 1]);
    // (9 + 10) / 2 = 9.5
    expect(median(sorted)).toBe(9.5);
  });
});

describe('sampleSd', () => {
  it('uses the n − 1 denominator', () => {
    // mean 5; squared deviations 9, 1, 1, 1, 0, 0, 4, 16 → sum 32
    // sample variance 32 / 7 = 4.571428…; sd = √4.571428… = 2.138089935…
    // (the population sd, √(32/8) = 2, would be wrong here)
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(Math.sqrt(32 / 7), 12);
    expect(sampleSd([2, 4, 4, 4, 5, 5, 7, 9])).toBeCloseTo(2.138089935, 8);
  });

  it('is 0 for fewer than two values', () => {
    expect(sampleSd([42])).toBe(0);
    expect(sampleSd([])).toBe(0);
  });
});

describe('tCritical95', () => {
  it('reads table rows exactly', () => {
    // Two-sided 95% (t 0.975) from any Student's t table.
    expect(tCritical95(1)).toBe(12.706);
    expect(tCritical95(4)).toBe(2.776);
    expect(tCritical95(30)).toBe(2.042);
  });

  it('interpolates linearly in 1/df between rows', () => {
    // df 35 between rows 30 (2.042) and 40 (2.021):
    //   w = (1/35 − 1/30) / (1/40 − 1/30) = (−5/1050) / (−10/1200) = 600/1050 = 0.571428…
    //   t = 2.042 + w · (2.021 − 2.042) = 2.042 − 0.012 = 2.030   (exact t: 2.0301)
    expect(tCritical95(35)).toBeCloseTo(2.03, 6);
    // df 50 between 40 (2.021) and 60 (2.000):
    //   w = (1/50 − 1/40) / (1/60 − 1/40) = (−1/200) / (−1/120) = 0.6
    //   t = 2.021 − 0.6 · 0.021 = 2.0084   (exact t: 2.0086)
    expect(tCritical95(50)).toBeCloseTo(2.0084, 6);
    // df 200 between 120 (1.980) and ∞ (1.960, 1/∞ = 0):
    //   w = (1/200 − 1/120) / (0 − 1/120) = 1 − 120/200 = 0.4
    //   t = 1.98 − 0.4 · 0.02 = 1.972   (exact t: 1.9719)
    expect(tCritical95(200)).toBeCloseTo(1.972, 6);
  });

  it('decreases towards the normal 1.96 as df grows', () => {
    const dfs = [1, 2, 5, 10, 30, 35, 40, 50, 60, 100, 120, 200, 1000];
    const ts = dfs.map(tCritical95);
    for (let i = 1; i < ts.length; i++) expect(ts[i]).toBeLessThan(ts[i - 1]!);
    // df 1000: w = 1 − 120/1000 = 0.88 → 1.98 − 0.88 · 0.02 = 1.9624   (exact t: 1.9623)
    expect(ts.at(-1)).toBeCloseTo(1.9624, 6);
  });

  it('is NaN for df below 1', () => {
    expect(tCritical95(0)).toBeNaN();
  });
});

describe('ci95', () => {
  it('is mean ± t(n − 1) · sd / √n', () => {
    // [1, 2, 3]: mean 2, sd = √((1 + 0 + 1) / 2) = 1, t(2) = 4.303
    // half width = 4.303 · 1 / √3 = 2.484338…  → [−0.484338…, 4.484338…]
    const [lo, hi] = ci95([1, 2, 3]);
    expect(lo).toBeCloseTo(2 - 4.303 / Math.sqrt(3), 12);
    expect(hi).toBeCloseTo(2 + 4.303 / Math.sqrt(3), 12);
    expect(lo).toBeCloseTo(-0.484338, 5);
    expect(hi).toBeCloseTo(4.484338, 5);
  });

  it('collapses to the value for one sample', () => {
    expect(ci95([7])).toEqual([7, 7]);
  });
});

describe('mad, modifiedZScores and countOutliers', () => {
  // [1, 1, 2, 2, 4, 6, 9]: median 2; |x − 2| = [1, 1, 0, 0, 2, 4, 7] → sorted [0, 0, 1, 1, 2, 4, 7]
  // MAD = median = 1
  const xs = [1, 1, 2, 2, 4, 6, 9];

  it('mad is the median absolute deviation from the median, unscaled', () => {
    expect(mad(xs)).toBe(1);
    // Order of input does not matter.
    expect(mad([9, 6, 4, 2, 2, 1, 1])).toBe(1);
  });

  it('modified z-score is 0.6745 · (x − median) / MAD', () => {
    // 1 → 0.6745 · (−1) = −0.6745; 2 → 0; 4 → 1.349; 6 → 2.698; 9 → 0.6745 · 7 = 4.7215
    const z = modifiedZScores(xs);
    const expected = [-0.6745, -0.6745, 0, 0, 1.349, 2.698, 4.7215];
    expect(z).toHaveLength(expected.length);
    z.forEach((v, i) => expect(v).toBeCloseTo(expected[i]!, 10));
  });

  it('counts the one clear outlier (|z| > 3.5)', () => {
    // Only 9 has |z| = 4.7215 > 3.5; 6 has 2.698.
    expect(countOutliers(xs)).toBe(1);
    // A lower threshold catches 6 as well.
    expect(countOutliers(xs, 2.5)).toBe(2);
  });

  it('finds no outliers in a tight sample', () => {
    // [10, 11, 12, 13, 14]: median 12, MAD 1, largest |z| = 0.6745 · 2 = 1.349
    expect(countOutliers([10, 11, 12, 13, 14])).toBe(0);
  });

  it('gives all-zero scores when MAD is 0 (documented: no division by zero)', () => {
    // [5, 5, 5, 100]: median 5, deviations [0, 0, 0, 95] → MAD 0
    expect(modifiedZScores([5, 5, 5, 100])).toEqual([0, 0, 0, 0]);
  });
});

describe('summarizeRate', () => {
  it('fills every field from the samples', () => {
    // [10, 14, 12]: mean 12, sorted [10, 12, 14] → median 12
    // sd = √((4 + 4 + 0) / 2) = 2; cv = 2 / 12 = 0.1666…
    // ci95 = 12 ± 4.303 · 2 / √3 = 12 ± 4.968677…
    const r = summarizeRate([10, 14, 12]);
    expect(r.mean).toBe(12);
    expect(r.median).toBe(12);
    expect(r.cv).toBeCloseTo(1 / 6, 12);
    expect(r.ci95[0]).toBeCloseTo(12 - (4.303 * 2) / Math.sqrt(3), 12);
    expect(r.ci95[1]).toBeCloseTo(12 + (4.303 * 2) / Math.sqrt(3), 12);
    expect(r.outliers).toBe(0);
    // Samples keep their original order (they are the windows in time order).
    expect(r.samples).toEqual([10, 14, 12]);
  });

  it('copies the samples rather than aliasing the caller’s array', () => {
    const input = [3, 1, 2];
    const r = summarizeRate(input);
    input[0] = 999;
    expect(r.samples).toEqual([3, 1, 2]);
  });

  it('collapses the CI and reports cv 0 for one sample', () => {
    const r = summarizeRate([500]);
    expect(r).toEqual({ mean: 500, median: 500, ci95: [500, 500], cv: 0, outliers: 0, samples: [500] });
  });

  it('counts outliers among the samples', () => {
    // Same fixture as the MAD tests: exactly one outlier (9).
    expect(summarizeRate([1, 1, 2, 2, 4, 6, 9]).outliers).toBe(1);
  });
});

describe('summarizeLatency', () => {
  it('reports mean, p50, p95, p99 and count of unsorted samples', () => {
    // 1..100 shuffled. Type 7 with n = 100:
    //   p50: h = 99 · 0.50 = 49.5  → 50 + 0.5 = 50.5
    //   p95: h = 99 · 0.95 = 94.05 → 95 + 0.05 = 95.05
    //   p99: h = 99 · 0.99 = 98.01 → 99 + 0.01 = 99.01
    //   mean = 5050 / 100 = 50.5
    const xs = Array.from({ length: 100 }, (_, i) => ((i * 37) % 100) + 1);
    expect(new Set(xs).size).toBe(100);
    const l = summarizeLatency(xs);
    expect(l.count).toBe(100);
    expect(l.mean).toBeCloseTo(50.5, 12);
    expect(l.p50).toBeCloseTo(50.5, 12);
    expect(l.p95).toBeCloseTo(95.05, 9);
    expect(l.p99).toBeCloseTo(99.01, 9);
  });

  it('does not reorder the caller’s array', () => {
    const xs = [3, 1, 2];
    summarizeLatency(xs);
    expect(xs).toEqual([3, 1, 2]);
  });
});
