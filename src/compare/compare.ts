import type { CaseStatus } from '../results/schema.js';
import { InputError } from '../core/errors.js';
import { alignCases, type LoadedResult } from '../results/align.js';
import { workDifferences } from './parameters.js';
import { machineTable } from './machine.js';
import { metricDirection, missingMetricMessage, readMetric, type Direction } from './metrics.js';
import type { CompareWarning } from './warnings.js';

/** faster/slower only where the 95% intervals do not overlap; null otherwise (or no direction). */
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

/** faster/slower from two 95% CIs; null when they overlap, one is absent or direction unknown. */
export function intervalMark(
  base: [number, number] | null,
  other: [number, number] | null,
  direction: Direction | null,
): Mark {
  if (!base || !other || !direction) return null;
  const higher = other[0] > base[1];
  const lower = other[1] < base[0];
  if (!higher && !lower) return null;
  return higher === (direction === 'higher') ? 'faster' : 'slower';
}

/** Side-by-side comparison of result files on one metric; the first file is the baseline. */
export function compareResults(files: readonly LoadedResult[], metric: string): Comparison {
  if (files.length < 2)
    throw new InputError('command line', '', `compare needs at least two result files, got ${files.length}`);
  const results = files.map((f) => f.result);
  const aligned = alignCases(results);
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
        };
      let ratio: number | null = null;
      if (base && base.median > 0 && v.median > 0)
        ratio = direction === 'lower' ? base.median / v.median : v.median / base.median;
      return {
        status: 'ok',
        median: v.median,
        ci95: v.ci95,
        ratio,
        mark: i === 0 ? null : intervalMark(base?.ci95 ?? null, v.ci95, direction),
      };
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
  const warnings = workDifferences(files, aligned);
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
    cases,
    scores,
    sharedCases: shared.length,
    incomplete,
    warnings,
  };
}
