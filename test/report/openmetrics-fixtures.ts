/**
 * Every result set the OpenMetrics export is checked against: the report fixture alone, two
 * machines, one machine twice, hostile hostnames, an empty run, the real runs of the HTML tests,
 * and every valid result file under test/fixtures/results. The in-house parser
 * (openmetrics-valid.test.ts) and Prometheus's own linter (promtool.test.ts) read the same list.
 */
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { renderOpenMetrics } from '../../src/report/openmetrics.js';
import { renderPrometheus } from '../../src/report/prometheus.js';
import { readResultFile } from '../../src/results/reader.js';
import type { ResultFile } from '../../src/results/schema.js';
import { ROOT } from '../helpers.js';
import { HTML_HOST, SYNTAX_HOST, reportFixture, withHost } from './fixture.js';
import { combined, hostile, otherMachine } from './html-fixtures.js';
import { flag, measured, notComparable, notMeasured, qualificationFile } from './qualification-fixtures.js';

/** Qualification verdicts of each kind: pass and fail with margin samples, not measured, not comparable, a flag. */
export const qualificationResult = (): ResultFile =>
  qualificationFile([
    measured('memory', 1.25, { samples: [1.2, 1.25, 1.3] }),
    measured('cores', 0.5, { profile: 'chain-b', requirement: { measure: 'cpu-logical-cores', unit: 'threads' } }),
    notMeasured('network', 'not measurable on one host'),
    notComparable('sr25519', 'no sr25519 backend; ed25519 shown as the closest scheme'),
    flag('avx2', true),
  ]);

const RESULTS = join(ROOT, 'test', 'fixtures', 'results');
/** Files there that are not valid results on purpose. */
const NOT_RESULTS = new Set(['future-version.json', 'not-a-result.json']);

export const OPENMETRICS_FIXTURES: [name: string, make: () => ResultFile[]][] = [
  ['one file', () => [reportFixture()]],
  ['two machines', () => [reportFixture(), withHost('bench-02')]],
  ['one machine twice', () => [reportFixture(), reportFixture()]],
  ['hostile hostnames', () => [withHost(HTML_HOST), withHost(SYNTAX_HOST, 'aa')]],
  [
    'an empty run',
    () => {
      const r = reportFixture();
      r.cases = [];
      return [r];
    },
  ],
  ['real primitive and consensus runs, hostile strings', () => [hostile(combined())]],
  ['two real machines', () => [combined(), otherMachine(combined(), 'box-b', 1.3)]],
  ['qualification verdicts', () => [qualificationResult()]],
  ...readdirSync(RESULTS)
    .filter((f) => f.endsWith('.json') && !NOT_RESULTS.has(f))
    .sort()
    .map((f): [string, () => ResultFile[]] => [`test/fixtures/results/${f}`, () => [readResultFile(join(RESULTS, f))]]),
];

/** What the CLI writes: the render (OpenMetrics unless told) and a final line feed. */
export const exposition = (
  results: ResultFile[],
  labels?: string[],
  format: 'openmetrics' | 'prometheus' = 'openmetrics',
): string =>
  (format === 'openmetrics' ? renderOpenMetrics : renderPrometheus)(results, {
    metric: 'opsPerSec',
    ...(labels ? { labels } : {}),
  }) + '\n';
