import { mannWhitneyU, minAchievableP, samplesNeededPerSide, type MannWhitneyMethod } from '../measure/mannwhitney.js';
import { median, sortedAsc } from '../measure/stats.js';
import type { Direction } from './metrics.js';

/**
 * The CI gate's decision for one case and metric. A change counts only when it is both
 * statistically significant (Mann–Whitney U, two-sided, p ≤ alpha) and practically large
 * (the medians differ by more than the threshold, in percent of the baseline median).
 */
export type Verdict = 'regression' | 'improvement' | 'unchanged' | 'inconclusive';
export const VERDICTS: readonly Verdict[] = ['regression', 'improvement', 'unchanged', 'inconclusive'];

/**
 * What one value tested stands for: `runs` (one median per process run, from merged files: the
 * independent unit) or `samples` (the measuring windows of single runs, which share their run's
 * offset and so overstate the evidence).
 */
export type TestUnit = 'runs' | 'samples';

export interface VerdictInput {
  unit: TestUnit;
  baseline: readonly number[];
  current: readonly number[];
  direction: Direction;
  alpha: number;
  thresholdPct: number;
}

export interface VerdictResult {
  verdict: Verdict;
  baselineMedian: number;
  currentMedian: number;
  /** (current median ÷ baseline median − 1) × 100; its sign is the metric's, not better/worse. */
  changePct: number;
  /** Two-sided p; null when the samples are too few for the test to reach alpha. */
  p: number | null;
  method: MannWhitneyMethod | null;
  unit: TestUnit;
  n: [baseline: number, current: number];
  /** With `inconclusive`: the smallest n per side at which the test could reach alpha. */
  samplesNeeded: number | null;
  reason: string;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
export const formatP = (p: number) => (p < 1e-4 ? p.toExponential(1) : p.toPrecision(2));

export function decideVerdict(input: VerdictInput): VerdictResult {
  const { unit, baseline, current, direction, alpha, thresholdPct } = input;
  const n: [number, number] = [baseline.length, current.length];
  const baselineMedian = median(sortedAsc(baseline));
  const currentMedian = median(sortedAsc(current));
  const changePct = (currentMedian / baselineMedian - 1) * 100;
  const common = { baselineMedian, currentMedian, changePct, unit, n };

  // Too few samples: even samples that do not overlap at all could not give p ≤ alpha.
  if (minAchievableP(n[0], n[1]) > alpha) {
    const needed = samplesNeededPerSide(alpha);
    return {
      ...common,
      verdict: 'inconclusive',
      p: null,
      method: null,
      samplesNeeded: needed,
      reason: `too few ${unit}: needs ≥ ${needed} ${unit} per side to reach alpha ${alpha} (has ${n[0]} and ${n[1]})`,
    };
  }
  const test = mannWhitneyU(baseline, current);
  // Positive = better in the metric's direction: a faster rate, a shorter time.
  const betterPct = direction === 'higher' ? changePct : -changePct;
  const significant = test.p <= alpha;
  const pText = `p = ${formatP(test.p)}`;
  let verdict: Verdict = 'unchanged';
  let reason: string;
  if (significant && -betterPct > thresholdPct) {
    verdict = 'regression';
    reason = `${pct(changePct)} is worse by more than the ${thresholdPct}% threshold, ${pText}`;
  } else if (significant && betterPct > thresholdPct) {
    verdict = 'improvement';
    reason = `${pct(changePct)} is better by more than the ${thresholdPct}% threshold, ${pText}`;
  } else if (significant)
    reason = `significant (${pText}) but ${pct(changePct)} is within the ${thresholdPct}% threshold`;
  else reason = `not significant (${pText} > alpha ${alpha})`;
  return { ...common, verdict, p: test.p, method: test.method, samplesNeeded: null, reason };
}
