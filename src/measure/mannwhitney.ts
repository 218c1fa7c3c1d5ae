/**
 * The Mann–Whitney U test (Mann & Whitney 1947, "On a test of whether one of two random variables
 * is stochastically larger than the other"; equivalent to Wilcoxon's 1945 rank-sum test), two-sided.
 *
 * Which distribution is used — the same rule as R's `wilcox.test`:
 * - **exact**: both samples have fewer than {@link EXACT_MAX_N} values and there are no ties. The
 *   null distribution of U is counted exactly (every split of the pooled ranks is equally likely).
 * - **normal**: otherwise. U is approximately normal with mean n₁n₂/2 and variance
 *   n₁n₂/12 · [(N + 1) − Σ(t³ − t) / (N(N − 1))], the tie correction summing over groups of t tied
 *   values (e.g. Hollander & Wolfe, "Nonparametric Statistical Methods", §4.1; Lehmann,
 *   "Nonparametrics", §1.4), with a continuity correction of ½ towards the mean.
 *
 * Pure functions over plain arrays; nothing here imports anything.
 */

/** Exact distribution while both samples are smaller than this and untied (R uses 50 too). */
export const EXACT_MAX_N = 50;

export type MannWhitneyMethod = 'exact' | 'normal';

export interface MannWhitneyResult {
  n1: number;
  n2: number;
  /** U of the first sample: pairs (x, y) with x > y, plus ½ for each tied pair. R's `W`. */
  u1: number;
  /** n₁n₂ − U₁. */
  u2: number;
  /** Two-sided p-value. */
  p: number;
  method: MannWhitneyMethod;
  /** Whether any two pooled values are equal (which forces the normal approximation). */
  ties: boolean;
}

export interface Ranking {
  /** Rank of each input value (1-based); tied values share the mean of their ranks (midranks). */
  ranks: number[];
  /** Size of every group of two or more tied values. */
  tieGroups: number[];
}

/** Midranks of `values` and the sizes of their tie groups. */
export function rankWithTies(values: readonly number[]): Ranking {
  const order = values.map((v, i) => ({ v, i })).sort((a, b) => a.v - b.v);
  const ranks = new Array<number>(values.length);
  const tieGroups: number[] = [];
  for (let start = 0; start < order.length;) {
    let end = start + 1;
    while (end < order.length && order[end]!.v === order[start]!.v) end++;
    // Positions start..end-1 hold ranks start+1..end; their mean is (start + 1 + end) / 2.
    const midrank = (start + 1 + end) / 2;
    for (let k = start; k < end; k++) ranks[order[k]!.i] = midrank;
    if (end - start > 1) tieGroups.push(end - start);
    start = end;
  }
  return { ranks, tieGroups };
}

/**
 * counts[u] = number of orderings of n1 x's and n2 y's in which exactly u (x, y) pairs have x > y;
 * the counts sum to C(n1 + n2, n1). Built by appending the largest value last: an x placed after
 * j y's adds j to U, a y adds nothing (the recursion of Mann & Whitney 1947, eq. 2).
 */
export function exactUCounts(n1: number, n2: number): Float64Array {
  const maxU = n1 * n2;
  // row[j][u] holds the counts for (i x's, j y's); rows are rolled over i.
  let prev = Array.from({ length: n2 + 1 }, () => {
    const a = new Float64Array(maxU + 1);
    a[0] = 1;
    return a;
  });
  for (let i = 1; i <= n1; i++) {
    const cur = Array.from({ length: n2 + 1 }, () => new Float64Array(maxU + 1));
    cur[0]![0] = 1;
    for (let j = 1; j <= n2; j++) {
      const c = cur[j]!;
      const left = cur[j - 1]!;
      const up = prev[j]!;
      for (let u = 0; u <= i * j; u++) c[u] = left[u]! + (u >= j ? up[u - j]! : 0);
    }
    prev = cur;
  }
  return prev[n2]!;
}

/** Two-sided exact p: twice the smaller tail at u1, capped at 1 (the distribution is symmetric). */
export function exactP(u1: number, n1: number, n2: number): number {
  const counts = exactUCounts(n1, n2);
  let total = 0;
  for (const c of counts) total += c;
  const lowTailU = Math.min(u1, n1 * n2 - u1);
  let tail = 0;
  for (let u = 0; u <= Math.floor(lowTailU + 1e-9); u++) tail += counts[u]!;
  return Math.min(1, (2 * tail) / total);
}

/**
 * Complementary error function, fractional error below 1.2e-7 everywhere (Chebyshev fit from
 * Press et al., "Numerical Recipes in C", 2nd ed., §6.2, `erfcc`): plenty for a p-value.
 */
export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

/** P(Z ≤ z) for a standard normal Z: Φ(z) = ½·erfc(−z/√2). */
export function normalCdf(z: number): number {
  return 0.5 * erfc(-z / Math.SQRT2);
}

/** Two-sided p from the normal approximation with tie and continuity corrections (see the file comment). */
export function normalP(u1: number, n1: number, n2: number, tieGroups: readonly number[] = []): number {
  const n = n1 + n2;
  let tieSum = 0;
  for (const t of tieGroups) tieSum += t ** 3 - t;
  const variance = ((n1 * n2) / 12) * (n + 1 - tieSum / (n * (n - 1)));
  if (!(variance > 0)) return 1; // every value tied: no evidence either way
  const d = u1 - (n1 * n2) / 2;
  const z = (Math.abs(d) - 0.5 * Math.sign(Math.abs(d))) / Math.sqrt(variance);
  return Math.min(1, 2 * normalCdf(-Math.max(0, z)));
}

/** The test itself. Both samples need at least one value. */
export function mannWhitneyU(x: readonly number[], y: readonly number[]): MannWhitneyResult {
  const n1 = x.length;
  const n2 = y.length;
  if (n1 === 0 || n2 === 0) throw new RangeError(`mannWhitneyU: both samples need values, got ${n1} and ${n2}`);
  const { ranks, tieGroups } = rankWithTies([...x, ...y]);
  let r1 = 0;
  for (let i = 0; i < n1; i++) r1 += ranks[i]!;
  // U₁ = R₁ − n₁(n₁ + 1)/2 (Mann & Whitney 1947).
  const u1 = r1 - (n1 * (n1 + 1)) / 2;
  const ties = tieGroups.length > 0;
  const method: MannWhitneyMethod = !ties && n1 < EXACT_MAX_N && n2 < EXACT_MAX_N ? 'exact' : 'normal';
  const p = method === 'exact' ? exactP(u1, n1, n2) : normalP(u1, n1, n2, tieGroups);
  return { n1, n2, u1, u2: n1 * n2 - u1, p, method, ties };
}

/** C(n, k) as a float (exact while it stays below 2^53). */
export function binomial(n: number, k: number): number {
  let c = 1;
  for (let i = 1; i <= k; i++) c = (c * (n - k + i)) / i;
  return c;
}

/**
 * The smallest two-sided p the test can return for these sample sizes, reached when the samples
 * do not overlap at all (and nothing is tied): 2 / C(N, n₁) exactly, or the normal tail at
 * |U − n₁n₂/2| = n₁n₂/2 for large samples.
 */
export function minAchievableP(n1: number, n2: number): number {
  if (n1 < 1 || n2 < 1) return 1;
  if (n1 < EXACT_MAX_N && n2 < EXACT_MAX_N) return Math.min(1, 2 / binomial(n1 + n2, n1));
  return normalP(0, n1, n2);
}

/** The smallest n such that n values per side could give p ≤ alpha. */
export function samplesNeededPerSide(alpha: number): number {
  if (!(alpha > 0)) return Infinity;
  let n = 1;
  while (minAchievableP(n, n) > alpha) n++;
  return n;
}
