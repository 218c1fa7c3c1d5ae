import { isQualificationCase, type CaseStatus } from '../results/schema.js';
import { InputError } from '../core/errors.js';
import { alignCases, type LoadedResult } from '../results/align.js';
import { workDifferences } from './parameters.js';
import { machineTable } from './machine.js';
import { metricDirection, missingMetricMessage, readMetric, type Direction } from './metrics.js';
import { SINGLE_RUN_FLOOR_PCT, testUnitOf, withinSingleRunFloor, type TestUnit } from './verdict.js';
import type { CompareWarning } from './warnings.js';

/**
 * faster/slower only where the 95% intervals do not overlap (each holding its median) and, between
 * single runs, the change is beyond the single-run floor; null otherwise (or no direction).
 */
export type Mark = 'faster' | 'slower' | null;

export interface CompareCell {
  status: CaseStatus | 'missing' | 'no-metric';
  median: number | null;
  ci95: [number, number] | null;
  /**
   * How many times as fast as the baseline: value ÷ baseline for higher-is-better metrics,
   * baseline ÷ value for lower-is-better ones, so > 1 is always faster. The plain value ratio
   * when the metric's direction is unknown.
   */
  ratio: number | null;
  mark: Mark;
  /**
   * What the cell was compared on: `runs` when it and the baseline were both merged from several
   * runs, else `samples` (single runs, held to the single-run floor); null for the baseline itself
   * and cells without a value.
   */
  unit: TestUnit | null;
  /** The intervals do not overlap, but the change is within the single-run floor: not marked. */
  heldByFloor: boolean;
}

export interface ComparedCase {
  id: string;
  cells: CompareCell[];
  /** Every file has the metric for this case: it counts towards the scores. */
  shared: boolean;
}

export interface Comparison {
  metric: string;
  direction: Direction | null;
  files: { label: string; path: string }[];
  machines: ReturnType<typeof machineTable>;
  /** Single runs: a change within ±this, percent, is not marked faster or slower. */
  singleRunFloorPct: number;
  cases: ComparedCase[];
  /** Per file, the geometric mean of its ratios over the shared cases (the baseline scores 1). */
  scores: { label: string; score: number | null }[];
  sharedCases: number;
  /** Cases some files lack (or could not measure), by file label. */
  incomplete: { id: string; missing: string[]; notMeasured: string[] }[];
  warnings: CompareWarning[];
}

/** Geometric mean: exp of the mean log (the mean that treats ×2 and ×½ symmetrically). */
export function geometricMean(xs: readonly number[]): number | null {
  if (xs.length === 0 || xs.some((x) => !(x > 0))) return null;
  let s = 0;
  for (const x of xs) s += Math.log(x);
  return Math.exp(s / xs.length);
}

/** A 95% interval usable for a mark: finite, in order, and around its median. */
function wellFormed(ci: [number, number] | null, median: number): ci is [number, number] {
  return ci !== null && ci[0] <= median && median <= ci[1];
}

/**
 * faster/slower from two medians and their 95% CIs: the intervals must not overlap, and each must
 * hold its median (so the medians differ the same way). null when they overlap, an interval is
 * absent, reversed or misses its median, or the direction is unknown.
 */
export function intervalMark(
  base: { median: number; ci95: [number, number] | null },
  other: { median: number; ci95: [number, number] | null },
  direction: Direction | null,
): Mark {
  if (!direction || !wellFormed(base.ci95, base.median) || !wellFormed(other.ci95, other.median)) return null;
  const higher = other.ci95[0] > base.ci95[1];
  const lower = other.ci95[1] < base.ci95[0];
  if (!higher && !lower) return null;
  return higher === (direction === 'higher') ? 'faster' : 'slower';
}

/**
 * Side-by-side comparison of result files on one metric; the first file is the baseline. Between
 * single runs, a change within ±singleRunFloorPct is never marked (as `check` calls it inconclusive).
 */
export function compareResults(
  files: readonly LoadedResult[],
  metric: string,
  singleRunFloorPct: number = SINGLE_RUN_FLOOR_PCT,
): Comparison {
  if (files.length < 2)
    throw new InputError('command line', '', `compare needs at least two result files, got ${files.length}`);
  const results = files.map((f) => f.result);
  const all = alignCases(results);
  // Qualification cases carry one metric, their margin: on any other they would only add rows
  // without a figure, as if unmeasured. `compare` shows them in a section of their own.
  const aligned = all.filter(
    (a) => !a.entries.some((e) => e && isQualificationCase(e)) || a.entries.some((e) => e && readMetric(e, metric)),
  );
  const direction = metricDirection(metric) ?? null;
  if (!aligned.some((a) => a.entries.some((e) => e && readMetric(e, metric))))
    throw new InputError('command line', '--metric', missingMetricMessage(metric, results));

  const cases: ComparedCase[] = aligned.map(({ id, entries }) => {
    const values = entries.map((e) => (e ? readMetric(e, metric) : undefined));
    const base = values[0];
    const cells = entries.map((e, i): CompareCell => {
      const v = values[i];
      if (!e || !v)
        return {
          status: !e ? 'missing' : e.status === 'ok' ? 'no-metric' : e.status,
          median: null,
          ci95: null,
          ratio: null,
          mark: null,
          unit: null,
          heldByFloor: false,
        };
      let ratio: number | null = null;
      if (base && base.median > 0 && v.median > 0)
        ratio = direction === 'lower' ? base.median / v.median : v.median / base.median;
      const cell: CompareCell = {
        status: 'ok',
        median: v.median,
        ci95: v.ci95,
        ratio,
        mark: null,
        unit: null,
        heldByFloor: false,
      };
      if (i === 0 || !base || ratio === null) return cell;
      const unit = testUnitOf(base, v);
      // A ratio shown as ×1.000 is never marked, however tight the intervals.
      const mark = ratio.toFixed(3) === '1.000' ? null : intervalMark(base, v, direction);
      // The same rule as the gate's: single runs show a change only beyond the floor.
      const held = mark !== null && withinSingleRunFloor(unit, (v.median / base.median - 1) * 100, singleRunFloorPct);
      return { ...cell, unit, mark: held ? null : mark, heldByFloor: held };
    });
    return { id, cells, shared: cells.every((c) => c.ratio !== null) };
  });

  const shared = cases.filter((c) => c.shared);
  const scores = files.map((f, i) => ({ label: f.label, score: geometricMean(shared.map((c) => c.cells[i]!.ratio!)) }));
  const incomplete = cases
    .filter((c) => !c.shared)
    .map((c) => ({
      id: c.id,
      missing: c.cells.flatMap((cell, i) => (cell.status === 'missing' ? [files[i]!.label] : [])),
      notMeasured: c.cells.flatMap((cell, i) =>
        cell.status !== 'missing' && cell.median === null ? [`${files[i]!.label} (${cell.status})`] : [],
      ),
    }));
  const warnings = workDifferences(files, all);
  const held = cases.filter((c) => c.cells.some((cell) => cell.heldByFloor));
  if (held.length)
    warnings.push({
      code: 'single-run-floor',
      message:
        `${held.length} case${held.length === 1 ? '' : 's'} differ beyond the 95% intervals but within ±${singleRunFloorPct}%, between single runs: ` +
        `not marked faster or slower, as single runs of the same build differ by that much on a busy machine. Compare merged runs (chainmark merge) to see smaller differences`,
      cases: held.map((c) => c.id),
    });
  if (!direction)
    warnings.unshift({
      code: 'direction-unknown',
      message: `direction of metric ${metric} is unknown: ratios are plain value ratios and nothing is marked faster or slower`,
    });
  return {
    metric,
    direction,
    files: files.map((f) => ({ label: f.label, path: f.path })),
    machines: machineTable(results),
    singleRunFloorPct,
    cases,
    scores,
    sharedCases: shared.length,
    incomplete,
    warnings,
  };
}
