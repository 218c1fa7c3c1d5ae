import type { ResultFile } from '../results/schema.js';
import { InputError, shown } from '../core/errors.js';
import { csvText } from '../format/tables.js';
import { fileLabels, machineOf, metricRows } from './cases.js';
import type { Exporter, ExportOptions } from './exporter.js';

/**
 * History for Apache Otava (formerly Hunter, https://otava.apache.org), which finds change points
 * in a series of runs. Its CSV source (docs/CSV.md of apache/otava) reads a header row, then one
 * row per run: a time column (any date its parser reads; we write `2026-03-01 12:00:00 +0000` as
 * its own examples do), attribute columns copied as text, and metric columns read as floats. So:
 * one row per result file, ordered by start time then commit, and one column per case and metric,
 * `<case id>.<metric>`, holding the median (p50 of a latency summary) in the metric's own unit.
 *
 * A case that was not measured in a run (errored, skipped, or absent) leaves its cell empty: no
 * figure is invented. Otava refuses an empty cell in a column its config lists, so list the
 * columns that are full, or drop the run. Change points only mean something within one machine,
 * so files of different machines (fingerprints) are refused. No `branch` column is written: Otava
 * gives that name a meaning of its own.
 */
export const OTAVA_ATTRIBUTES = [
  'commit',
  'dirty',
  'run',
  'file',
  'host',
  'fingerprint',
  'scenario',
  'status',
] as const;

/** Otava's time format, in UTC: "2026-03-01 12:00:00 +0000". */
function otavaTime(r: ResultFile, label: string): { text: string; ms: number } {
  const ms = Date.parse(r.run.startedAt);
  if (!Number.isFinite(ms)) throw new InputError(label, 'run.startedAt', `is not a date: ${shown(r.run.startedAt)}`);
  return { text: `${new Date(ms).toISOString().slice(0, 19).replace('T', ' ')} +0000`, ms };
}

export function renderOtava(results: ResultFile[], options: ExportOptions): string {
  const labels = fileLabels(results, options);
  const [first] = results;
  if (first) {
    const fingerprint = machineOf(first).fingerprint;
    results.forEach((r, i) => {
      if (machineOf(r).fingerprint !== fingerprint)
        throw new InputError(
          labels[i]!,
          'system.fingerprint',
          `is ${shown(machineOf(r).fingerprint)} but ${labels[0]} has ${shown(fingerprint)}: an Otava history is one machine's, export each machine's files on their own`,
        );
    });
  }
  const runs = results
    .map((r, i) => ({ r, label: labels[i]!, time: otavaTime(r, labels[i]!), commit: r.system.git?.commit ?? '' }))
    .sort((a, b) => a.time.ms - b.time.ms || (a.commit < b.commit ? -1 : a.commit > b.commit ? 1 : 0));

  // Columns in the order they first appear, run by run; a run without a column leaves it empty.
  const columns = new Set<string>();
  const cells = runs.map(({ r }) => {
    const values = new Map<string, number>();
    for (const c of r.cases)
      for (const row of metricRows(c)) {
        const column = `${c.id}.${row.metric}`;
        columns.add(column);
        values.set(column, row.median);
      }
    return values;
  });
  if (columns.size === 0)
    throw new InputError(labels.join(', '), 'cases', 'have no ok case with a figure, so there is no history for Otava');

  const rows = runs.map(({ r, label, time, commit }, i) => {
    const { host, fingerprint } = machineOf(r);
    const git = r.system.git;
    const attributes = [
      commit,
      git ? String(git.dirty) : '',
      r.run.id,
      label,
      host,
      fingerprint,
      r.run.scenario.name,
      r.run.status,
    ];
    return [time.text, ...attributes, ...[...columns].map((col) => cells[i]!.get(col) ?? null)];
  });
  return csvText(['time', ...OTAVA_ATTRIBUTES, ...columns], rows);
}

export const otavaExporter: Exporter = {
  name: 'otava',
  description: 'Apache Otava (Hunter) CSV history: one row per result file, one column per case metric',
  extension: '.otava.csv',
  render: renderOtava,
  hint: () =>
    'otava: type: csv, time_column: time, attributes: [commit, run, host], metrics: the <case>.<metric> columns (direction -1 for times)',
};
