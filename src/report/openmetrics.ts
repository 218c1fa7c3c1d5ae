import type { ResultFile } from '../results/schema.js';
import type { Exporter, ExportOptions } from './exporter.js';
import { escapeLabelValue, metricFamilies, sampleLine } from './metric-families.js';

/**
 * OpenMetrics 1.0 text exposition (https://prometheus.io/docs/specs/om/open_metrics_spec/) of the
 * families in metric-families.ts: TYPE, UNIT and HELP before each family's samples, `# EOF` last.
 * HELP is an escaped string as label values are. For the Pushgateway and node_exporter's textfile
 * collector, which read the older Prometheus text format, see prometheus.ts.
 */
export function renderOpenMetrics(results: ResultFile[], options: ExportOptions): string {
  const out: string[] = [];
  for (const f of metricFamilies(results, options)) {
    out.push(`# TYPE ${f.name} ${f.type}`);
    if (f.unit) out.push(`# UNIT ${f.name} ${f.unit}`);
    out.push(`# HELP ${f.name} ${escapeLabelValue(f.help)}`, ...f.samples.map(sampleLine));
  }
  out.push('# EOF');
  return out.join('\n');
}

export const openMetricsExporter: Exporter = {
  name: 'openmetrics',
  description: 'OpenMetrics 1.0 text exposition (gauges and summaries)',
  extension: '.om',
  render: renderOpenMetrics,
};
