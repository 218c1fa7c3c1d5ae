import { csvText } from '../format/tables.js';
import type { ResultFile } from '../results/schema.js';
import { caseFacts, fileLabels, machineOf, metricRows } from './cases.js';
import type { Exporter, ExportOptions } from './exporter.js';

/**
 * One row per case and metric, with the metric's unit, for spreadsheets and data frames. A case
 * that is not ok has one row with its status and error and no metric. Numbers are written in
 * full precision; quoting follows RFC 4180 (csvText).
 */
export const CSV_COLUMNS = [
  'file',
  'host',
  'fingerprint',
  'case',
  'op',
  'algorithm',
  'backend',
  'param',
  'param_value',
  'threads',
  'status',
  'metric',
  'unit',
  'median',
  'ci95_lo',
  'ci95_hi',
  'p99',
  'samples',
  'error',
] as const;

export function renderCsv(results: ResultFile[], options: ExportOptions): string {
  const labels = fileLabels(results, options);
  const rows: (string | number | null)[][] = [];
  results.forEach((r, i) => {
    const { host, fingerprint } = machineOf(r);
    for (const c of r.cases) {
      const f = caseFacts(c);
      const head = [
        labels[i]!,
        host,
        fingerprint,
        f.id,
        f.op,
        f.algorithm,
        f.backend,
        f.param,
        f.paramValue,
        f.threads,
        f.status,
      ];
      const metrics = metricRows(c);
      if (metrics.length === 0) rows.push([...head, null, null, null, null, null, null, null, f.error]);
      for (const m of metrics)
        rows.push([
          ...head,
          m.metric,
          m.unit,
          m.median,
          m.ci95?.[0] ?? null,
          m.ci95?.[1] ?? null,
          m.p99,
          m.samples,
          null,
        ]);
    }
  });
  return csvText([...CSV_COLUMNS], rows);
}

export const csvExporter: Exporter = {
  name: 'csv',
  description: 'CSV, one row per case and metric, with units',
  extension: '.csv',
  render: renderCsv,
};
