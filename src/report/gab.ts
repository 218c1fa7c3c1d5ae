import type { ResultFile } from '../results/schema.js';
import { metricInfo, missingMetricMessage, readMetric } from '../compare/metrics.js';
import { InputError } from '../core/errors.js';
import { metricRow } from './cases.js';
import type { Exporter, ExportOptions } from './exporter.js';
import { medianCi95, medianRank95 } from '../measure/stats.js';

/**
 * The custom-tool JSON of github-action-benchmark (benchmark-action/github-action-benchmark):
 * an array of {name, unit, value, range?, extra?}. The action's `tool` decides the direction for
 * the whole file — `customBiggerIsBetter` for rates, `customSmallerIsBetter` for times — so one
 * file carries one metric, chosen with --metric.
 */
export interface GabEntry {
  name: string;
  unit: string;
  value: number;
  /**
   * The median's own interval as the action shows it beside the value (free text there): "lo–hi
   * (95% CI of the median)", computed from the samples with medianCi95 (src/measure/stats.ts), the
   * interval every other view shows, so that files of any version get the same one. Absent when
   * the metric keeps no samples (a latency summary), has only one, or no interval exists.
   */
  range?: string;
  /** Free text shown in the chart tooltip. */
  extra?: string;
}

/** The github-action-benchmark `tool` for a metric, from its registered direction. */
export function gabTool(metric: string): 'customBiggerIsBetter' | 'customSmallerIsBetter' {
  const info = metricInfo(metric);
  if (!info)
    throw new InputError(
      'command line',
      '--metric',
      `has no known direction, so no github-action-benchmark tool fits: ${JSON.stringify(metric)}`,
    );
  return info.direction === 'higher' ? 'customBiggerIsBetter' : 'customSmallerIsBetter';
}

const sig = (x: number) => Number(x.toPrecision(6));

/** Entries of every file; with several files each name carries its file's label, as the action keys series by name. */
export function gabEntries(results: readonly ResultFile[], metric: string, labels?: readonly string[]): GabEntry[] {
  gabTool(metric); // refuse a metric of unknown direction before writing anything
  const unit = metricInfo(metric)!.unit;
  const entries: GabEntry[] = [];
  for (const [i, r] of results.entries()) {
    const suffix = results.length > 1 ? ` [${labels?.[i] ?? `#${i + 1}`}]` : '';
    for (const c of r.cases) {
      const v = readMetric(c, metric);
      const row = metricRow(c, metric);
      if (!v || !row) continue;
      const entry: GabEntry = { name: c.id + suffix, unit, value: sig(v.median) };
      // A Rate keeps its samples: the value is their median. A latency summary keeps percentiles
      // and the count of timed iterations (or rounds) they come from; a bare number is one figure.
      const extra = [
        v.samples
          ? `median of ${v.samples.length} samples`
          : row.p50 !== null
            ? `p50${row.samples !== null ? ` of ${row.samples} observations` : ''}`
            : 'one figure',
      ];
      const interval = v.samples ? medianCi95(v.samples) : null;
      if (interval && v.samples) {
        entry.range = `${sig(interval[0])}–${sig(interval[1])} (95% CI of the median)`;
        const n = v.samples.length;
        const k = medianRank95(n);
        extra.push(
          k === null
            ? `range: t-interval on the log scale of ${n} samples`
            : `range: samples ${k} and ${n + 1 - k} of ${n} in order`,
        );
      }
      extra.push(`threads ${c.threads}`, `cpu ${r.system.cpu.brand}`, `host ${r.system.fingerprint}`);
      entry.extra = extra.join('; ');
      entries.push(entry);
    }
  }
  if (entries.length === 0) throw new InputError('command line', '--metric', missingMetricMessage(metric, results));
  return entries;
}

export const gabExporter: Exporter = {
  name: 'gab',
  description: 'github-action-benchmark custom JSON (one metric per file)',
  extension: '.gab.json',
  render: (results: ResultFile[], options: ExportOptions) =>
    JSON.stringify(gabEntries(results, options.metric, options.labels), null, 2),
  hint: (options: ExportOptions) =>
    `github-action-benchmark: use tool: '${gabTool(options.metric)}' for ${options.metric}`,
};
