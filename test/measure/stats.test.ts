import { describe, expect, it } from 'vitest';
import {
  countOutliers,
  mad,
  mean,
  median,
  medianCi95,
  medianRank95,
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

describe('medianRank95: order statistics that bound the median with 95% confidence', () => {
  it('is null up to five samples, where even [min, max] misses the median too often', () => {
    // Coverage of [x₍₁₎, x₍ₙ₎] is 1 − 2·0.5ⁿ: n = 5 → 1 − 2/32 = 93.75% < 95%.
    for (const n of [0, 1, 2, 3, 4, 5]) expect(medianRank95(n)).toBeNull();
  });

  it('picks the largest k with 2·P(B ≤ k − 1) ≤ 5%, B ~ Binomial(n, ½)', () => {
    // n = 6: P(B ≤ 0) = 1/64 = 0.0156 → k = 1 ([min, max], coverage 96.9%)
    expect(medianRank95(6)).toBe(1);
    // n = 8: P(B ≤ 1) = 9/256 = 0.035 > 0.025 → still k = 1
    expect(medianRank95(8)).toBe(1);
    // n = 9: P(B ≤ 1) = 10/512 = 0.0195 → k = 2
    expect(medianRank95(9)).toBe(2);
    // n = 10: P(B ≤ 1) = 11/1024 = 0.0107, P(B ≤ 2) = 56/1024 = 0.0547 → k = 2
    expect(medianRank95(10)).toBe(2);
    // n = 20: P(B ≤ 5) = 21700/1048576 = 0.0207, P(B ≤ 6) = 0.0577 → k = 6 (Conover's table: x₍₆₎…x₍₁₅₎)
    expect(medianRank95(20)).toBe(6);
    // n = 100: P(B ≤ 39) = 0.0176, P(B ≤ 40) = 0.0284 → k = 40
    expect(medianRank95(100)).toBe(40);
  });

  it('does not underflow for pooled samples of merged files', () => {
    // 0.5^2000 underflows a double; the normal approximation gives k ≈ 1000 − 1.96·√2000/2 ≈ 956.
    const k = medianRank95(2000)!;
    expect(k).toBeGreaterThan(950);
    expect(k).toBeLessThan(960);
  });
});

describe('medianCi95', () => {
  it('is null for one sample (and none): one value has no spread', () => {
    expect(medianCi95([7])).toBeNull();
    expect(medianCi95([])).toBeNull();
  });

  it('from six samples on, is the pair of order statistics medianRank95 names', () => {
    // n = 10 → k = 2: [x₍₂₎, x₍₉₎] of 1…10 = [2, 9], whatever the order of the input.
    expect(medianCi95([7, 3, 10, 1, 5, 9, 2, 8, 4, 6])).toEqual([2, 9]);
    // n = 6 → k = 1: [min, max]; a zero rate (a stalled round) is a bound, not an error.
    expect(medianCi95([0, 5, 6, 7, 8, 9])).toEqual([0, 9]);
  });

  it('up to five samples, is a t-interval on the log scale, back-transformed', () => {
    // ln x = ln 100 + (−0.1, 0, 0.1): log mean ln 100, log sd 0.1, t(2) = 4.303
    // half width 4.303 · 0.1 / √3 = 0.248434… → 100 · e^(∓0.248434) = [78.0021…, 128.2016…]
    const xs = [100 * Math.exp(-0.1), 100, 100 * Math.exp(0.1)];
    const [lo, hi] = medianCi95(xs)!;
    expect(lo).toBeCloseTo(100 * Math.exp(-0.4303 / Math.sqrt(3)), 9);
    expect(hi).toBeCloseTo(100 * Math.exp(0.4303 / Math.sqrt(3)), 9);
    expect(lo).toBeCloseTo(78.0021, 4);
    expect(hi).toBeCloseTo(128.2016, 4);
  });

  it('stays above zero where the t-interval of the mean goes below it', () => {
    // [10, 100, 1000]: mean 370, sd 547.4, t(2)·sd/√3 = 1360.0 → the mean's interval is [−990, 1730].
    // On the log scale: ln x = ln 10 · (1, 2, 3), half width 4.303 · ln 10 / √3 = 5.7204
    // → 100 · e^(∓5.7204) = [0.328, 30503]: positive, and around the median 100.
    const [lo, hi] = medianCi95([1000, 10, 100])!;
    expect(lo).toBeCloseTo(100 * Math.exp((-4.303 * Math.LN10) / Math.sqrt(3)), 9);
    expect(lo).toBeGreaterThan(0);
    expect(hi).toBeCloseTo(100 * Math.exp((4.303 * Math.LN10) / Math.sqrt(3)), 6);
  });

  it('is null up to five samples when one is 0, where the logarithm has no meaning', () => {
    expect(medianCi95([0, 100, 110])).toBeNull();
  });

  it('contains the sample median and stays within [0, ∞) for every n and shape', () => {
    // A fixed pseudo-random sweep (LCG, Numerical Recipes constants): tight, skewed (lognormal-like),
    // bimodal and heavy-outlier samples at n = 2…40, the shapes where a t-interval of the mean
    // crosses zero or sits beside the median.
    let seed = 12345;
    const next = () => (seed = (1664525 * seed + 1013904223) >>> 0) / 2 ** 32;
    const shapes: Record<string, (i: number, n: number) => number> = {
      tight: () => 1000 * (1 + 0.01 * (next() - 0.5)),
      skewed: () => 100 * Math.exp(2 * (next() + next() + next() - 1.5)),
      bimodal: (i, n) => (i < 0.6 * n ? 100 : 200) * (1 + 1e-3 * next()),
      outlier: (i) => (i === 0 ? 1e6 : 100 + next()),
    };
    for (let n = 2; n <= 40; n++)
      for (const [name, draw] of Object.entries(shapes))
        for (let trial = 0; trial < 5; trial++) {
          const xs = Array.from({ length: n }, (_, i) => draw(i, n));
          const med = median(sortedAsc(xs));
          const [lo, hi] = medianCi95(xs)!;
          const where = `${name}, n = ${n}, trial ${trial}`;
          expect(lo, where).toBeGreaterThan(0);
          expect(lo, where).toBeLessThanOrEqual(med);
          expect(hi, where).toBeGreaterThanOrEqual(med);
        }
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
    // ci95 of the median (three samples: log scale): medianCi95's own result
    const r = summarizeRate([10, 14, 12]);
    expect(r.mean).toBe(12);
    expect(r.median).toBe(12);
    expect(r.cv).toBeCloseTo(1 / 6, 12);
    expect(r.ci95).toEqual(medianCi95([10, 14, 12]));
    expect(r.ci95![0]).toBeLessThan(12);
    expect(r.ci95![1]).toBeGreaterThan(12);
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

  it('records no CI and cv 0 for one sample', () => {
    const r = summarizeRate([500]);
    expect(r).toEqual({ mean: 500, median: 500, ci95: null, cv: 0, outliers: 0, samples: [500] });
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
