import type { ResultFile } from '../results/schema.js';
import type { Exporter } from './exporter.js';

/** The validated result itself, pretty-printed; an array when several files are given. */
export function renderJson(results: ResultFile[]): string {
  return JSON.stringify(results.length === 1 ? results[0] : results, null, 2);
}

export const jsonExporter: Exporter = {
  name: 'json',
  description: 'the result file itself (an array for several files), validated and pretty-printed',
  // `.report.json` so a report written beside `run.json` can never be taken for, or replace, the result.
  extension: '.report.json',
  render: renderJson,
};
