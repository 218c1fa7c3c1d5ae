import { describe, expect, it } from 'vitest';
import {
  binomial,
  erfc,
  exactP,
  exactUCounts,
  mannWhitneyU,
  minAchievableP,
  normalCdf,
  normalP,
  rankWithTies,
  samplesNeededPerSide,
} from '../../src/measure/mannwhitney.js';

// Every expected value is worked out by hand in the comment beside it (cross-checked against
// R's wilcox.test / SciPy's mannwhitneyu, which use the same statistic W = U₁).

describe('rankWithTies', () => {
  it('gives tied values the mean of their ranks and reports the tie groups', () => {
    // sorted: 1 2 2 2 3 3 4 → ranks 1, (2+3+4)/3 = 3 ×3, (5+6)/2 = 5.5 ×2, 7
    const { ranks, tieGroups } = rankWithTies([2, 1, 3, 2, 4, 3, 2]);
    expect(ranks).toEqual([3, 1, 5.5, 3, 7, 5.5, 3]);
    expect(tieGroups).toEqual([3, 2]);
  });

  it('ranks distinct values 1..n', () => {
    expect(rankWithTies([30, 10, 20])).toEqual({ ranks: [3, 1, 2], tieGroups: [] });
  });
});

describe('exact null distribution of U', () => {
  it('counts orderings for n1 = 3, n2 = 4 (the Gaussian binomial [7 choose 3])', () => {
    // Number of ways to get U = u = partitions of u into at most 3 parts, each ≤ 4:
    // u: 0 1 2 3 4 5 6 7 8 9 10 11 12 → 1 1 2 3 4 4 5 4 4 3 2 1 1, total C(7,3) = 35.
    // e.g. u = 3: {3}, {2,1}, {1,1,1}; u = 4: {4}, {3,1}, {2,2}, {2,1,1}.
    expect([...exactUCounts(3, 4)]).toEqual([1, 1, 2, 3, 4, 4, 5, 4, 4, 3, 2, 1, 1]);
  });

  it('sums to C(n1 + n2, n1) and is symmetric', () => {
    const c = [...exactUCounts(6, 9)];
    expect(c.reduce((s, x) => s + x, 0)).toBe(binomial(15, 6)); // C(15,6) = 5005
    expect(c).toEqual([...c].reverse());
  });
});

describe('mannWhitneyU: exact (no ties, both samples < 50)', () => {
  it('complete separation of 3 vs 3', () => {
    // R1 = 1+2+3 = 6, U1 = 6 − 3·4/2 = 0. P(U ≤ 0) = 1/C(6,3) = 1/20; two-sided p = 2/20 = 0.1.
    const r = mannWhitneyU([1, 2, 3], [4, 5, 6]);
    expect(r).toMatchObject({ u1: 0, u2: 9, method: 'exact', ties: false });
    expect(r.p).toBeCloseTo(0.1, 12);
  });

  it('interleaved 3 vs 4', () => {
    // Pooled ranks: 1→1, 2→2, 3→3, 4→4, 5→5, 6→6, 8→7; x = {1,3,5} → R1 = 1+3+5 = 9, U1 = 9 − 6 = 3.
    // P(U ≤ 3) = (1+1+2+3)/35 = 7/35 = 0.2 (counts above); two-sided p = 0.4.
    const r = mannWhitneyU([1, 3, 5], [2, 4, 6, 8]);
    expect(r.u1).toBe(3);
    expect(r.p).toBeCloseTo(0.4, 12);
  });

  it('complete separation of 5 vs 5 reaches p < 0.01', () => {
    // U1 = 0; p = 2/C(10,5) = 2/252 = 0.0079365…
    const r = mannWhitneyU([10, 11, 12, 13, 14], [1, 2, 3, 4, 5]);
    expect(r.u1).toBe(25); // every x above every y: U1 = n1·n2
    expect(r.p).toBeCloseTo(2 / 252, 12);
  });

  it('10 vs 10 with one crossing', () => {
    // x = 1..10, y = {3.5, 11..19}: pairs x > y are x ∈ {4..10} above 3.5 → U1 = 7.
    // P(U ≤ 7) for (10,10) = 1+1+2+3+5+7+11+15 = 45 partitions of 0..7 into ≤ 10 parts ≤ 10,
    // out of C(20,10) = 184756 → two-sided p = 90/184756 = 0.00048713
    const r = mannWhitneyU([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], [3.5, 11, 12, 13, 14, 15, 16, 17, 18, 19]);
    expect(r.u1).toBe(7);
    expect(r.method).toBe('exact');
    expect(r.p).toBeCloseTo(90 / 184756, 12);
  });

  it('exactP caps at 1 in the middle of the distribution', () => {
    // n1 = n2 = 2: counts of U = 0..4 are 1 1 2 1 1 (total 6); at U = 2: 2·(1+1+2)/6 = 4/3 → 1
    expect(exactP(2, 2, 2)).toBe(1);
  });
});

describe('mannWhitneyU: normal approximation', () => {
  it('uses the tie correction and continuity correction when values tie', () => {
    // x = {1,2,2,3}, y = {2,3,4,5}. Pooled: 1 | 2 2 2 | 3 3 | 4 | 5 → ranks 1 | 3 3 3 | 5.5 5.5 | 7 | 8.
    // R1 = 1 + 3 + 3 + 5.5 = 12.5, U1 = 12.5 − 10 = 2.5; mean n1n2/2 = 8.
    // Ties: groups of 3 and 2 → Σ(t³ − t) = 24 + 6 = 30; N = 8.
    // σ² = (16/12)·[(N + 1) − 30/(8·7)] = (4/3)·(9 − 0.535714) = 11.285714, σ = 3.359422.
    // z = (|2.5 − 8| − 0.5)/σ = 5/3.359422 = 1.488351; p = 2·(1 − Φ(1.488351)) = 0.136658.
    const r = mannWhitneyU([1, 2, 2, 3], [2, 3, 4, 5]);
    expect(r).toMatchObject({ u1: 2.5, method: 'normal', ties: true });
    expect(r.p).toBeCloseTo(0.136658, 5);
  });

  it('is used without ties once a sample reaches 50 values', () => {
    // x = 1..50, y = x + 0.5: x = k exceeds the k − 1 values y < k → U1 = Σ(k − 1) = 1225; mean 1250.
    // σ = √(2500·101/12) = 145.05746; z = (25 − 0.5)/σ = 0.168899; p = 2·(1 − Φ(0.168899)) = 0.865876.
    const x = Array.from({ length: 50 }, (_, i) => i + 1);
    const r = mannWhitneyU(
      x,
      x.map((v) => v + 0.5),
    );
    expect(r).toMatchObject({ u1: 1225, method: 'normal', ties: false });
    expect(r.p).toBeCloseTo(0.865876, 5);
  });

  it('gives p = 1 when every value is tied', () => {
    // σ² = (9/12)·[7 − (216 − 6)/(6·5)] = 0.75·(7 − 7) = 0: no information.
    expect(mannWhitneyU([5, 5, 5], [5, 5, 5]).p).toBe(1);
    expect(normalP(4.5, 3, 3, [6])).toBe(1);
  });

  it('normalCdf and erfc match tabulated values', () => {
    // Φ(1.959964) = 0.975, Φ(−1) = 0.158655, Φ(0) = 0.5; erfc(0) = 1, erfc(1) = 0.157299.
    expect(normalCdf(1.959964)).toBeCloseTo(0.975, 6);
    expect(normalCdf(-1)).toBeCloseTo(0.158655, 6);
    expect(normalCdf(0)).toBeCloseTo(0.5, 7);
    expect(erfc(1)).toBeCloseTo(0.157299, 6);
  });

  it('refuses empty samples', () => {
    expect(() => mannWhitneyU([], [1])).toThrow(RangeError);
  });
});

describe('how many samples the test needs', () => {
  it('minAchievableP is 2/C(N, n1) for small samples', () => {
    // 4 vs 4: 2/C(8,4) = 2/70 = 0.028571; 5 vs 5: 2/252 = 0.0079365; 3 vs 10: 2/C(13,3) = 2/286.
    expect(minAchievableP(4, 4)).toBeCloseTo(2 / 70, 12);
    expect(minAchievableP(5, 5)).toBeCloseTo(2 / 252, 12);
    expect(minAchievableP(3, 10)).toBeCloseTo(2 / 286, 12);
    expect(minAchievableP(0, 5)).toBe(1);
  });

  it('samplesNeededPerSide is the smallest n with 2/C(2n, n) ≤ alpha', () => {
    // alpha 0.01: n = 4 gives 0.0286, n = 5 gives 0.0079 → 5.
    expect(samplesNeededPerSide(0.01)).toBe(5);
    // alpha 0.05: n = 3 gives 2/20 = 0.1, n = 4 gives 0.0286 → 4.
    expect(samplesNeededPerSide(0.05)).toBe(4);
    // alpha 0.001: n = 6 gives 2/924 = 0.00216, n = 7 gives 2/3432 = 0.000583 → 7.
    expect(samplesNeededPerSide(0.001)).toBe(7);
  });
});
