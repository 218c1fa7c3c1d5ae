import type { ResultFile } from '../results/schema.js';
import { InputError } from '../core/errors.js';
import { fileLabels, metricRows, type MetricRow } from './cases.js';
import type { Exporter, ExportOptions } from './exporter.js';
import { readMetric } from '../compare/metrics.js';
import { medianCi95 } from '../measure/stats.js';

/**
 * Bencher Metric Format (https://bencher.dev/docs/reference/bencher-metric-format): one JSON
 * object, benchmark name → measure → `{value, lower_value?, upper_value?}`, for `bencher run
 * --adapter json --file …`. A benchmark is a case (its id; with several files, the file's label
 * is appended, as Bencher keys benchmarks by name), a measure one of its registered metrics. The
 * value is the median (p50 of a latency summary); the bounds are the median's own interval
 * (medianCi95, as every other view shows it), present only when the metric keeps two samples or more. Cases that are not ok
 * have no numbers and are left out. Bencher stores the history and detects changes itself.
 */
export interface BencherMetric {
  value: number;
  lower_value?: number;
  upper_value?: number;
}

export type BencherReport = Record<string, Record<string, BencherMetric>>;

/** Bencher's limit on a benchmark name (the same page). */
export const BENCHER_NAME_MAX = 1024;

/**
 * Every project has two measures built in: Latency (`latency`, nanoseconds) and Throughput
 * (`throughput`, operations per second). opsPerSec and latencyMs go into those, in their units;
 * every other metric becomes a measure of its own, named by its kebab-case name with its unit in
 * it (`host-round-ms`), which Bencher creates on first use.
 */
const BUILT_IN: Record<string, { measure: string; factor: number }> = {
  opsPerSec: { measure: 'throughput', factor: 1 },
  latencyMs: { measure: 'latency', factor: 1e6 },
};

export function bencherMeasure(metric: string): { measure: string; factor: number } {
  return BUILT_IN[metric] ?? { measure: metric.replace(/[A-Z]/g, (ch) => `-${ch.toLowerCase()}`), factor: 1 };
}

/** ms → ns without binary noise (1.17 × 1e6 is 1170000.0000000002): 15 significant digits. */
const scaled = (x: number, factor: number) => (factor === 1 ? x : Number((x * factor).toPrecision(15)));

function bencherMetric(row: MetricRow, samples: number[] | null, factor: number): BencherMetric {
  const out: BencherMetric = { value: scaled(row.median, factor) };
  const interval = samples ? medianCi95(samples) : null;
  if (interval) {
    out.lower_value = scaled(interval[0], factor);
    out.upper_value = scaled(interval[1], factor);
  }
  return out;
}

export function bencherReport(results: readonly ResultFile[], options: ExportOptions): BencherReport {
  const labels = fileLabels(results, options);
  const report: BencherReport = {};
  for (const [i, r] of results.entries()) {
    const suffix = results.length > 1 ? ` [${labels[i]}]` : '';
    for (const [j, c] of r.cases.entries()) {
      const rows = metricRows(c);
      if (rows.length === 0) continue;
      const name = c.id + suffix;
      if (name.length > BENCHER_NAME_MAX)
        throw new InputError(
          labels[i]!,
          `cases[${j}].id`,
          `is ${name.length} characters with its label; Bencher takes benchmark names of at most ${BENCHER_NAME_MAX}`,
        );
      const measures: Record<string, BencherMetric> = {};
      for (const row of rows) {
        const { measure, factor } = bencherMeasure(row.metric);
        measures[measure] = bencherMetric(row, readMetric(c, row.metric)?.samples ?? null, factor);
      }
      report[name] = measures;
    }
  }
  if (Object.keys(report).length === 0)
    throw new InputError(labels.join(', '), 'cases', 'have no ok case with a figure, so there is nothing for Bencher');
  return report;
}

export const bencherExporter: Exporter = {
  name: 'bencher',
  description: 'Bencher Metric Format JSON (every metric of every ok case, with the median interval)',
  extension: '.bmf.json',
  render: (results: ResultFile[], options: ExportOptions) => JSON.stringify(bencherReport(results, options), null, 2),
  hint: () =>
    'bencher: bencher run --adapter json --file <this file> (measures: throughput, latency in ns, the rest by name)',
};
