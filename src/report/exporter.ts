import type { ResultFile } from '../results/schema.js';

/** Options every exporter may use; each ignores what it does not need. */
export interface ExportOptions {
  /** The metric to export, for formats that carry one number per case (default opsPerSec). */
  metric: string;
  /** How to name each result file in multi-file output (file names); formats fall back to `#1`, `#2`, …. */
  labels?: string[];
}

/**
 * One output format of `chainmark report`. Adding a format (html, md, csv, openmetrics…) is one
 * small module exporting an Exporter, plus one line in EXPORTERS (exporters.ts).
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
