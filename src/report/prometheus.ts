import type { ResultFile } from '../results/schema.js';
import type { Exporter, ExportOptions } from './exporter.js';
import { metricFamilies, sampleLine, type MetricFamily } from './metric-families.js';

/**
 * The Prometheus text exposition format 0.0.4
 * (https://prometheus.io/docs/instrumenting/exposition_formats/), the one node_exporter's textfile
 * collector and the Pushgateway read. The families are those of the OpenMetrics export; what
 * differs: HELP comes before TYPE and escapes only backslash and line feed (a `\"` there is a parse
 * error), there is no UNIT line (the unit stays in the name) and no `# EOF`, and the text ends with
 * a line feed.
 */
export const PROMETHEUS_CONTENT_TYPE = 'text/plain; version=0.0.4; charset=utf-8';

/** HELP text in 0.0.4: backslash and line feed escaped, nothing else. */
export function escapeHelp(s: string): string {
  return s.replace(/[\\\n]/g, (ch) => (ch === '\n' ? '\\n' : '\\\\'));
}

/** The text of these families, without the final line feed the format requires (callers add it). */
export function renderPrometheusFamilies(families: MetricFamily[]): string {
  const out: string[] = [];
  for (const f of families)
    out.push(`# HELP ${f.name} ${escapeHelp(f.help)}`, `# TYPE ${f.name} ${f.type}`, ...f.samples.map(sampleLine));
  return out.join('\n');
}

export function renderPrometheus(results: ResultFile[], options: ExportOptions): string {
  return renderPrometheusFamilies(metricFamilies(results, options));
}

export const prometheusExporter: Exporter = {
  name: 'prometheus',
  description: 'Prometheus text format 0.0.4, for node_exporter textfile collector and Pushgateway',
  extension: '.prom',
  render: renderPrometheus,
};
