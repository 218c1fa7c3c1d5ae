#!/usr/bin/env node
/**
 * How often does each 95% interval contain the true median of a positive rate, and how often
 * does it go below zero? Draws samples from three known distributions (lognormal with a small
 * and a large spread, and a busy machine where one window in five is slowed 2–5×), at the sample
 * counts runs use, and compares the t-interval of the mean chainmark used to record with the
 * interval of the median it records now (medianCi95). Pure arithmetic, no timing: the result
 * depends only on the seed.
 *
 *   node scripts/ci-coverage.mjs [--trials 20000] [--seed 42]
 *
 * Build first (npm run build): it imports dist/src/measure/stats.js.
 */
import { mean, median, medianCi95, sampleSd, sortedAsc, tCritical95 } from '../dist/src/measure/stats.js';

const arg = (name, fallback) => {
  const i = process.argv.indexOf(name);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
};
const trials = arg('--trials', 20000);
let seed = arg('--seed', 42) >>> 0;
// LCG (Numerical Recipes constants) and Box–Muller: reproducible without a dependency.
const uniform = () => ((seed = (1664525 * seed + 1013904223) >>> 0) + 0.5) / 2 ** 32;
const normal = () => Math.sqrt(-2 * Math.log(uniform())) * Math.cos(2 * Math.PI * uniform());

const meanT = (xs) => {
  const m = mean(xs);
  const half = (tCritical95(xs.length - 1) * sampleSd(xs)) / Math.sqrt(xs.length);
  return [m - half, m + half];
};

const busy = () => (uniform() < 0.8 ? 1000 * (1 + 0.02 * normal()) : 1000 / (2 + 3 * uniform()));
const dists = [
  { name: 'lognormal, σ = 0.05', draw: () => 1000 * Math.exp(0.05 * normal()), median: 1000 },
  { name: 'lognormal, σ = 0.5', draw: () => 1000 * Math.exp(0.5 * normal()), median: 1000 },
  // Its median has no closed form: estimated from 400 000 draws.
  {
    name: 'busy: 1 in 5 windows 2–5× slower',
    draw: busy,
    median: median(sortedAsc(Array.from({ length: 400000 }, busy))),
  },
];

const pct = (k) => `${((k / trials) * 100).toFixed(1)}%`;
console.log(
  '| samples from | n | mean, t: contains the median | mean, t: low end < 0 | mean, t: misses the sample median | median CI: contains the median | median CI: none |',
);
console.log('| --- | ---: | ---: | ---: | ---: | ---: | ---: |');
for (const d of dists)
  for (const n of [3, 5, 7, 10, 20]) {
    let oldCovers = 0;
    let oldNegative = 0;
    let oldMisses = 0;
    let covers = 0;
    let none = 0;
    for (let t = 0; t < trials; t++) {
      const xs = Array.from({ length: n }, d.draw);
      const [lo, hi] = meanT(xs);
      const sampleMedian = median(sortedAsc(xs));
      if (lo <= d.median && d.median <= hi) oldCovers++;
      if (lo < 0) oldNegative++;
      if (sampleMedian < lo || sampleMedian > hi) oldMisses++;
      const ci = medianCi95(xs);
      if (!ci) none++;
      else if (ci[0] <= d.median && d.median <= ci[1]) covers++;
    }
    console.log(
      `| ${d.name} | ${n} | ${pct(oldCovers)} | ${pct(oldNegative)} | ${pct(oldMisses)} | ${pct(covers)} | ${pct(none)} |`,
    );
  }
