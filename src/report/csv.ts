import { csvText } from '../format/tables.js';
import { isQualificationCase, type CaseResult, type ResultFile } from '../results/schema.js';
import { caseFacts, fileLabels, machineOf, metricRows } from './cases.js';
import type { Exporter, ExportOptions } from './exporter.js';
import { verdictOf } from './qualification.js';

/**
 * One row per case and metric, with the metric's unit, for spreadsheets and data frames. A case
 * that is not ok has one row with its status and error and no metric. Numbers are written in
 * full precision; quoting follows RFC 4180 (csvText).
 *
 * A qualification case's metric is its margin (`margin`, ×: above 1 passes), one per sample of the
 * deciding figure; the columns after `error` say what it qualified (profile, requirement, the
 * published threshold and its source) and what decided it: the verdict, the margin the verdict
 * was read from (the deciding figure's own over the threshold, which need not be the samples'
 * median) and that figure, in the requirement's unit. They are empty on the rows of other cases,
 * and come last so that the columns before them keep their places.
 */
const CASE_COLUMNS = [
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

const QUALIFICATION_COLUMNS = [
  'profile',
  'requirement',
  'recommended',
  'verdict',
  'margin',
  'measured',
  'measured_unit',
  'measured_bound',
  'measured_by',
  'comparison',
  'threshold',
  'threshold_unit',
  'source_document',
  'source_url',
  'source_date',
] as const;

export const CSV_COLUMNS = [...CASE_COLUMNS, ...QUALIFICATION_COLUMNS] as const;

type Cell = string | number | null;

/** The qualification columns of a case's rows; empty for other kinds. */
function qualificationCells(c: CaseResult): Cell[] {
  if (!isQualificationCase(c)) return new Array<Cell>(QUALIFICATION_COLUMNS.length).fill(null);
  const r = c.requirement;
  const m = c.status === 'ok' ? c.measured : null;
  return [
    c.profile.id,
    r.id,
    r.recommended ? 'true' : 'false',
    verdictOf(c),
    c.status === 'ok' ? c.margin : null,
    m?.value ?? null,
    // A flag's figure is 1 (present) or 0 (absent) and has no unit.
    m?.unit ?? null,
    m?.bound ?? null,
    m ? `${m.by} (${m.grade})` : null,
    r.comparison,
    r.threshold ?? null,
    r.unit ?? null,
    r.source.document,
    r.source.url,
    r.source.date,
  ];
}

export function renderCsv(results: ResultFile[], options: ExportOptions): string {
  const labels = fileLabels(results, options);
  const rows: Cell[][] = [];
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
      const tail = qualificationCells(c);
      const metrics = metricRows(c);
      if (metrics.length === 0) rows.push([...head, null, null, null, null, null, null, null, f.error, ...tail]);
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
          ...tail,
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
