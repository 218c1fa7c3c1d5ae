/**
 * A short history for the export formats that track runs over time (bencher, otava), in
 * history-fixtures/: the report fixture (test/fixtures/results/report.json) as three runs of one
 * machine at three commits, each slower than the one before (every rate divided and every time
 * multiplied by 1, 1.1 and 1.2, samples, CI and percentiles included), with the verify case
 * errored in the middle run. They are listed here out of order, as a shell glob might not be.
 * docs/ci-gate.md shows the exports of these files.
 */
import { join } from 'node:path';
import { readResultFile } from '../../src/results/reader.js';
import type { ResultFile } from '../../src/results/schema.js';

export const HISTORY_DIR = join(import.meta.dirname, 'history-fixtures');

export const HISTORY = [
  { label: 'run-c.json', commit: 'cccccccccccccccccccccccccccccccccccccccc' },
  { label: 'run-a.json', commit: 'aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa' },
  { label: 'run-b.json', commit: 'bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb' },
] as const;

/** Fresh copies each call, so a test may change them. */
export const history = (): ResultFile[] => HISTORY.map((h) => readResultFile(join(HISTORY_DIR, h.label)));
export const historyLabels = (): string[] => HISTORY.map((h) => h.label);
