import { describe, expect, it } from 'vitest';
import { coveragePct, describeInterval, medianInterval } from '../../src/report/interval.js';

/** 1, 2, …, n shuffled: the interval must not depend on the order the samples were taken in. */
const ranks = (n: number) => Array.from({ length: n }, (_, i) => ((i * 7) % n) + 1);

describe('the interval exports put around a median', () => {
  it('has none with one sample', () => {
    expect(medianInterval([5])).toBeNull();
  });

  // Coverage 1 − 2·P(B ≤ k − 1), B ~ Binomial(n, ½), by hand: n = 3: 1 − 2/8; n = 6: 1 − 2/64;
  // n = 10: k = 2, 1 − 2·11/1024 (k = 3 would be 1 − 2·56/1024 = 0.891); n = 20: k = 6,
  // 1 − 2·21700/1048576 (k = 7: 0.885).
  it.each([
    [3, 1, 3, 0.75, 'min–max of 3 samples, a 75% CI of the median'],
    [6, 1, 6, 0.96875, 'min–max of 6 samples, a 96.8% CI of the median'],
    [10, 2, 9, 1 - 22 / 1024, 'samples 2 and 9 of 10 in order, a 97.8% CI of the median'],
    [20, 6, 15, 1 - 43400 / 1048576, 'samples 6 and 15 of 20 in order, a 95.8% CI of the median'],
  ])('n = %i: [x(%i), x(%i)], coverage %f', (n, lo, hi, coverage, words) => {
    const i = medianInterval(ranks(n))!;
    expect([i.lo, i.hi, i.rank, i.samples]).toEqual([lo, hi, lo, n]);
    expect(i.coverage).toBeCloseTo(coverage, 12);
    expect(describeInterval(i)).toBe(words);
  });

  it('contains the median and stays within the samples, however skewed', () => {
    const skewed = [1, 1.1, 1.2, 50, 900, 1000, 1000.5];
    const i = medianInterval(skewed)!;
    expect(i.median).toBe(50);
    expect(i.lo).toBeLessThanOrEqual(i.median);
    expect(i.hi).toBeGreaterThanOrEqual(i.median);
    expect(i.lo).toBeGreaterThan(0);
  });

  it('never rounds its confidence up', () => {
    expect(coveragePct({ median: 1, lo: 1, hi: 1, coverage: 0.96875, rank: 1, samples: 6 })).toBe('96.8%');
    // Thousands of samples (merged runs) must not underflow 2⁻ⁿ to a coverage of 1.
    const big = medianInterval(ranks(4000))!;
    expect(big.coverage).toBeGreaterThanOrEqual(0.95);
    expect(big.coverage).toBeLessThan(0.96);
  });
});
