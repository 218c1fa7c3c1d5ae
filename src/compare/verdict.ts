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

/**
 * The smallest change, percent of the baseline median, that two single runs may show before the
 * gate gives them a verdict. Below it a single-run difference is `inconclusive`: single runs of
 * one build land apart by their process's offset, not only by their windows' noise. 25% leaves a
 * 30% slowdown room to be caught; scripts/single-run-spread.mjs measures whether the same build
 * stays inside it on a busy machine (docs/ci-gate.md, "Single runs: the floor").
 * Merged runs (`runs` as the unit) are not held to it: alternated runs share the machine's drift.
 */
export const SINGLE_RUN_FLOOR_PCT = 25;

/** `runs` when both sides carry at least two run medians (files merged from several runs), else `samples`. */
export function testUnitOf(
  baseline: { runs: readonly number[] | null },
  current: { runs: readonly number[] | null },
): TestUnit {
  return (baseline.runs?.length ?? 0) >= 2 && (current.runs?.length ?? 0) >= 2 ? 'runs' : 'samples';
}

/** A single-run change smaller than the floor: too small for two single runs to show. */
export function withinSingleRunFloor(unit: TestUnit, changePct: number, floorPct: number): boolean {
  return unit === 'samples' && !(Math.abs(changePct) >= floorPct);
}

export interface VerdictInput {
  unit: TestUnit;
  baseline: readonly number[];
  current: readonly number[];
  direction: Direction;
  alpha: number;
  thresholdPct: number;
  /** With `samples` as the unit: a change smaller than this, percent, is `inconclusive`. */
  singleRunFloorPct: number;
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
  /** The single-run floor the change was held to, percent; null when runs were the unit. */
  floorPct: number | null;
  reason: string;
}

const pct = (x: number) => `${x >= 0 ? '+' : ''}${x.toFixed(1)}%`;
export const formatP = (p: number) => (p < 1e-4 ? p.toExponential(1) : p.toPrecision(2));

export function decideVerdict(input: VerdictInput): VerdictResult {
  const { unit, baseline, current, direction, alpha, thresholdPct, singleRunFloorPct } = input;
  const n: [number, number] = [baseline.length, current.length];
  const baselineMedian = median(sortedAsc(baseline));
  const currentMedian = median(sortedAsc(current));
  const changePct = (currentMedian / baselineMedian - 1) * 100;
  const floorPct = unit === 'samples' ? singleRunFloorPct : null;
  const common = { baselineMedian, currentMedian, changePct, unit, n, floorPct };

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
  // Single runs: windows of one process share its offset, so only a change beyond what two runs
  // of the same build differ by on a busy machine can be the code's.
  if (withinSingleRunFloor(unit, changePct, singleRunFloorPct))
    return {
      ...common,
      verdict: 'inconclusive',
      p: null,
      method: null,
      samplesNeeded: null,
      reason: `single runs: ${pct(changePct)} is within the ±${singleRunFloorPct}% that single runs of the same build differ by; compare merged runs (scripts/ab.sh) to see smaller changes`,
    };
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
