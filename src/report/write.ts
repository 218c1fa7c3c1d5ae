import { basename, dirname } from 'node:path';
import type { ResultFile } from '../results/schema.js';
import { createUnique } from '../results/writer.js';
import { findExporter } from './exporters.js';

export interface ReportOutcome {
  format: string;
  /** Where the report went, or null when it could not be made. */
  path: string | null;
  /** Why not, when path is null. */
  error?: string;
}

/** `run.json` → `run`; a name without `.json` is kept whole. */
const stem = (file: string): string => basename(file).replace(/\.json$/, '');

/**
 * Write one report per format beside a result file: same directory, same base name, the
 * format's extension (`run.json` → `run.md`, `run.csv`, …). A report never replaces a file: an
 * existing name gets a `-2`, `-3`… suffix, and each file appears whole (temp file + link). One
 * format failing (e.g. gab on a run with no rate) does not stop the others.
 */
export async function writeReportsBeside(
  resultPath: string,
  result: ResultFile,
  formats: readonly string[],
  metric = 'opsPerSec',
): Promise<ReportOutcome[]> {
  const outcomes: ReportOutcome[] = [];
  for (const format of formats) {
    const exporter = findExporter(format);
    if (!exporter) {
      outcomes.push({ format, path: null, error: `no exporter named ${JSON.stringify(format)}` });
      continue;
    }
    try {
      // `await` also serves exporters whose render is asynchronous.
      const text = (await exporter.render([result], { metric, labels: [basename(resultPath)] })) + '\n';
      const path = createUnique(
        dirname(resultPath),
        stem(resultPath),
        text,
        false,
        exporter.extension ?? `.${exporter.name}`,
      );
      outcomes.push({ format, path });
    } catch (err) {
      outcomes.push({ format, path: null, error: (err as Error).message });
    }
  }
  return outcomes;
}
