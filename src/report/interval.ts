import { median, sortedAsc } from '../measure/stats.js';

/**
 * The interval an export puts around a median: two of the samples themselves, chosen by order
 * statistics, so it always contains the sample median, lies within the samples' range (never
 * below zero for a positive quantity) and assumes nothing about their distribution.
 *
 * The number of samples below the true median is Binomial(n, ½) whatever the distribution, so
 * [x₍ₖ₎, x₍ₙ₊₁₋ₖ₎] misses it with probability 2·P(B ≤ k − 1) (Conover, Practical Nonparametric
 * Statistics, 3rd ed., §3.2). The widest k with coverage ≥ 95% gives the narrowest such interval;
 * with five samples or fewer not even [min, max] reaches 95%, so [min, max] is given with the
 * coverage it has (75% for three samples), and the label says so.
 */
export interface MedianInterval {
  median: number;
  lo: number;
  hi: number;
  /** Probability that the interval contains the true median, e.g. 0.75 for min–max of 3 samples. */
  coverage: number;
  /** Rank of `lo` among the sorted samples (1 = the minimum); `hi` is the same rank from the top. */
  rank: number;
  samples: number;
}

/** P(B ≤ j) for B ~ Binomial(n, ½), for j = 0 … ⌊n/2⌋, summed in log space so that 2⁻ⁿ cannot underflow. */
function lowerTail(n: number): number[] {
  const tail: number[] = [];
  let logPmf = -n * Math.LN2;
  let sum = 0;
  for (let j = 0; j <= n / 2; j++) {
    sum += Math.exp(logPmf);
    tail.push(sum);
    logPmf += Math.log((n - j) / (j + 1));
  }
  return tail;
}

/** The interval of the median of these samples, or null with fewer than two (one value has no spread). */
export function medianInterval(samples: readonly number[]): MedianInterval | null {
  const n = samples.length;
  if (n < 2) return null;
  const sorted = sortedAsc(samples);
  const tail = lowerTail(n);
  let rank = 1;
  // coverage(k) = 1 − 2·P(B ≤ k − 1); the ends must stay distinct order statistics (k < n + 1 − k).
  while (rank + 1 < n + 1 - (rank + 1) && 1 - 2 * tail[rank]! >= 0.95) rank++;
  return {
    median: median(sorted),
    lo: sorted[rank - 1]!,
    hi: sorted[n - rank]!,
    coverage: 1 - 2 * tail[rank - 1]!,
    rank,
    samples: n,
  };
}

/** "97.8%": the coverage rounded down, so the label never claims more confidence than there is. */
export function coveragePct(i: MedianInterval): string {
  return `${Math.floor(i.coverage * 1000) / 10}%`;
}

/** What the interval is, in words: "min–max of 3 samples, a 75% CI of the median". */
export function describeInterval(i: MedianInterval): string {
  const ends =
    i.rank === 1
      ? `min–max of ${i.samples} samples`
      : `samples ${i.rank} and ${i.samples + 1 - i.rank} of ${i.samples} in order`;
  return `${ends}, a ${coveragePct(i)} CI of the median`;
}
