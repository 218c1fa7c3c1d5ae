/** The list of report formats: adding one is a module exporting an Exporter and a line here. */
import { bencherExporter } from './bencher.js';
import { csvExporter } from './csv.js';
import { gabExporter } from './gab.js';
import { htmlExporter } from './html/index.js';
import { jsonExporter } from './json.js';
import { markdownExporter } from './md.js';
import { openMetricsExporter } from './openmetrics.js';
import { otavaExporter } from './otava.js';
import { prometheusExporter } from './prometheus.js';
import type { Exporter } from './exporter.js';

export const EXPORTERS: readonly Exporter[] = [
  markdownExporter,
  csvExporter,
  jsonExporter,
  openMetricsExporter,
  prometheusExporter,
  gabExporter,
  bencherExporter,
  otavaExporter,
  htmlExporter,
];

export function exporterNames(): string[] {
  return EXPORTERS.map((e) => e.name);
}

export function findExporter(name: string): Exporter | undefined {
  return EXPORTERS.find((e) => e.name === name);
}
