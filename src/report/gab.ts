import type { ResultFile } from '../results/schema.js';
import { metricInfo, readMetric } from '../compare/metrics.js';
import { InputError } from '../core/errors.js';
import type { Exporter, ExportOptions } from './exporter.js';

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
  /** Spread as the action shows it: "± x", half the 95% CI. */
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
      if (!v) continue;
      const entry: GabEntry = { name: c.id + suffix, unit, value: sig(v.median) };
      if (v.ci95) entry.range = `± ${sig((v.ci95[1] - v.ci95[0]) / 2)}`;
      const extra = [`median of ${v.samples ? v.samples.length : '?'} samples`];
      if (v.ci95) extra.push(`95% CI ${sig(v.ci95[0])}–${sig(v.ci95[1])}`);
      extra.push(`threads ${c.threads}`, `cpu ${r.system.cpu.brand}`, `host ${r.system.fingerprint}`);
      entry.extra = extra.join('; ');
      entries.push(entry);
    }
  }
  if (entries.length === 0)
    throw new InputError('command line', '--metric', `names a metric no ok case has: ${JSON.stringify(metric)}`);
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
