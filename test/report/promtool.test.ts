import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { OPENMETRICS_FIXTURES, exposition } from './openmetrics-fixtures.js';

/** Prometheus's own linter, from Debian's prometheus package; CI installs it (.ci/run). Without it this file is skipped, and says so. */
const PROMTOOL = '/usr/bin/promtool';
const hasPromtool = existsSync(PROMTOOL);
if (!hasPromtool)
  console.warn(
    `SKIPPED test/report/promtool.test.ts: ${PROMTOOL} does not exist (apt-get install prometheus to lint the OpenMetrics and Prometheus exports with promtool)`,
  );

const CASES = (['openmetrics', 'prometheus'] as const).flatMap((format) =>
  OPENMETRICS_FIXTURES.map(([name, make]) => [`${format}: ${name}`, format, make] as const),
);

describe.skipIf(!hasPromtool)('promtool check metrics accepts the OpenMetrics and Prometheus 0.0.4 exports', () => {
  it.each(CASES)('%s', (_, format, make) => {
    const results = make();
    const labels = results.length > 1 ? results.map((_r, i) => `file-${i + 1}.json`) : undefined;
    const text = exposition(results, labels, format);
    const r = spawnSync(PROMTOOL, ['check', 'metrics'], { input: text, encoding: 'utf8', timeout: 60_000 });
    // Exit 0 and nothing said: no lint finding (exit 3) and no parse error (exit 1).
    expect({ status: r.status, out: r.stdout + r.stderr }).toEqual({ status: 0, out: '' });
    // Non-vacuous: the text holds the families promtool had to judge.
    if (results.some((x) => x.cases.some((c) => c.status === 'ok' && c.kind !== 'qualification')))
      expect(text).toMatch(/^# TYPE chainmark_\w+ summary$/m);
    if (results.some((x) => x.cases.some((c) => c.kind === 'qualification')))
      expect(text).toMatch(/^# TYPE chainmark_qualification_margin_ratio gauge$/m);
  });
});
