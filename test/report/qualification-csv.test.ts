import { describe, expect, it } from 'vitest';
import { CSV_COLUMNS, renderCsv } from '../../src/report/csv.js';
import { okCase } from '../compare/build.js';
import { parseCsv } from './csv-parse.js';
import { SOURCE_A, flag, measured, notComparable, notMeasured, qualificationFile } from './qualification-fixtures.js';

/** Every row as a record by column name. */
function records(csv: string): Record<string, string>[] {
  const [header, ...rows] = parseCsv(csv);
  expect(header).toEqual([...CSV_COLUMNS]);
  for (const r of rows) expect(r).toHaveLength(CSV_COLUMNS.length);
  return rows.map((r) => Object.fromEntries(header!.map((h, i) => [h, r[i]!])));
}

const QUALIFICATION_COLUMNS = CSV_COLUMNS.slice(CSV_COLUMNS.indexOf('profile'));

function file() {
  return qualificationFile([
    okCase('hash/sha256/node/1KiB/t1', [10, 11, 12]),
    measured('disk-iops', 0.8, {
      requirement: { measure: 'disk-rand-read-iops', threshold: 60000, unit: 'IOPS', recommended: true },
      samples: [0.7, 0.8, 0.9, 0.85, 0.75],
      measured: { value: 49600, grade: 'tool', by: 'fio-3.33', bound: 'lower', ci95: [43500, 54668] },
    }),
    notMeasured('network', 'a host cannot measure its own network bandwidth alone'),
    notComparable('sha-speed', 'only a JavaScript figure'),
    flag('avx2', false),
  ]);
}

describe('CSV report of qualification cases', () => {
  const rows = records(renderCsv([file()], { metric: 'opsPerSec', labels: ['q.json'] }));
  const row = (id: string) => rows.filter((r) => r.case === id);

  it('a measured requirement: one margin row with what it qualified, the verdict and the figure', () => {
    const [r, ...more] = row('qualify/chain-a/disk-iops');
    expect(more).toEqual([]);
    expect(r).toMatchObject({
      op: 'qualify',
      algorithm: 'disk-rand-read-iops',
      status: 'ok',
      metric: 'margin',
      unit: '×',
      median: '0.8',
      samples: '5',
      error: '',
      profile: 'chain-a',
      requirement: 'disk-iops',
      recommended: 'true',
      verdict: 'fail',
      margin: '0.8',
      measured: '49600',
      measured_unit: 'IOPS',
      measured_bound: 'lower',
      measured_by: 'fio-3.33 (tool)',
      comparison: 'at-least',
      threshold: '60000',
      threshold_unit: 'IOPS',
      source_document: SOURCE_A.document,
      source_url: SOURCE_A.url,
      source_date: SOURCE_A.date,
    });
    expect(Number(r!.ci95_lo)).toBeLessThan(0.8);
    expect(Number(r!.ci95_hi)).toBeGreaterThan(0.8);
  });

  it('a requirement not measured, not comparable or a flag: one row without a metric, with its verdict and threshold', () => {
    expect(row('qualify/chain-a/network')).toEqual([
      expect.objectContaining({
        status: 'skipped',
        metric: '',
        error: 'a host cannot measure its own network bandwidth alone',
        verdict: 'not-measured',
        margin: '',
        measured: '',
        threshold: '64',
        threshold_unit: 'GB',
        recommended: 'false',
      }),
    ]);
    expect(row('qualify/chain-a/sha-speed')).toEqual([
      expect.objectContaining({ status: 'ok', metric: '', verdict: 'not-comparable', margin: '', measured: '1000' }),
    ]);
    expect(row('qualify/chain-a/avx2')).toEqual([
      expect.objectContaining({
        verdict: 'fail',
        measured: '0',
        measured_unit: '',
        comparison: 'present',
        threshold: '',
        threshold_unit: '',
      }),
    ]);
  });

  it("leaves the qualification columns empty on other cases' rows", () => {
    const primitive = row('hash/sha256/node/1KiB/t1');
    expect(primitive.map((r) => r.metric)).toEqual(['opsPerSec', 'latencyMs']);
    for (const r of primitive) for (const col of QUALIFICATION_COLUMNS) expect(r[col], col).toBe('');
  });

  it('neutralises formulas in texts from the profile (OWASP CSV injection)', () => {
    const hostile = qualificationFile([
      measured('=1+1', 1.2, {
        profile: '@SUM(A1:A9)',
        requirement: {
          source: { document: '=HYPERLINK("https://evil.example","click")', url: '+cmd|x', date: '-2026' },
        },
      }),
    ]);
    const csv = renderCsv([hostile], { metric: 'opsPerSec' });
    const [r] = records(csv);
    expect(r).toMatchObject({
      requirement: "'=1+1",
      profile: "'@SUM(A1:A9)",
      source_document: `'=HYPERLINK("https://evil.example","click")`,
      source_url: "'+cmd|x",
      source_date: "'-2026",
    });
    expect(csv).toContain(`,"'=HYPERLINK(""https://evil.example"",""click"")",`);
  });
});
