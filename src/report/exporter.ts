import type { ResultFile } from '../results/schema.js';
import { csvExporter } from './csv.js';
import { gabExporter } from './gab.js';
import { htmlExporter } from './html/index.js';
import { jsonExporter } from './json.js';
import { markdownExporter } from './md.js';
import { openMetricsExporter } from './openmetrics.js';

/** Options every exporter may use; each ignores what it does not need. */
export interface ExportOptions {
  /** The metric to export, for formats that carry one number per case (default opsPerSec). */
  metric: string;
  /** How to name each result file in multi-file output (file names); formats fall back to `#1`, `#2`, …. */
  labels?: string[];
}

/**
 * One output format of `chainmark report`. Adding a format (html, md, csv, openmetrics…) is one
 * small module exporting an Exporter, plus one line in EXPORTERS.
 */
export interface Exporter {
  name: string;
  description: string;
  /** File extension of a report written beside a result file by `run --report` (default `.<name>`). */
  extension?: string;
  /** The whole output as text (callers await it: a format may draw asynchronously). Throws InputError when the results cannot be expressed. */
  render(results: ResultFile[], options: ExportOptions): string | Promise<string>;
  /** A note for the user about the output (printed to stderr), e.g. how to consume it. */
  hint?(options: ExportOptions): string;
}

export const EXPORTERS: readonly Exporter[] = [
  markdownExporter,
  csvExporter,
  jsonExporter,
  openMetricsExporter,
  gabExporter,
  htmlExporter,
];

export function exporterNames(): string[] {
  return EXPORTERS.map((e) => e.name);
}

export function findExporter(name: string): Exporter | undefined {
  return EXPORTERS.find((e) => e.name === name);
}
