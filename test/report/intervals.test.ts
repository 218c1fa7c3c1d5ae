import { describe, expect, it } from 'vitest';
import { findExporter } from '../../src/report/exporters.js';
import type { ExportOptions } from '../../src/report/exporter.js';
import { CSV_COLUMNS } from '../../src/report/csv.js';
import { summaryTable } from '../../src/report/summary.js';
import type { PrimitiveCaseResult, ResultFile } from '../../src/results/schema.js';
import { okCase, resultFile } from '../compare/build.js';
import { reportFixture } from './fixture.js';

const options: ExportOptions = { metric: 'opsPerSec', labels: ['r.json'] };
const render = async (format: string, r: ResultFile) => String(await findExporter(format)!.render([r], options));
const ID = 'hash/sha256/node/1KiB/t1';

/** The CSV row of the case's opsPerSec, as a map from column to cell. */
async function csvOps(r: ResultFile): Promise<Record<string, string>> {
  const row = (await render('csv', r)).split('\n').find((l) => l.includes(`,${ID},`) && l.includes(',opsPerSec,'))!;
  const cells = row.split(',');
  return Object.fromEntries(CSV_COLUMNS.map((c, i) => [c, cells[i]!]));
}
const mdOpsCi = async (r: ResultFile) => {
  const row = (await render('md', r)).split('\n').find((l) => l.startsWith('| hash/sha256/node/1KiB '))!;
  return row.split(' | ')[3];
};
const summaryCi = (r: ResultFile) => {
  const lines = summaryTable(r.cases, false).split('\n');
  const at = lines[0]!.indexOf('95% CI');
  const row = lines.find((l) => l.startsWith(ID.replace('/t1', '')))!;
  // The column is right-aligned under its header: read back to the previous gap.
  return row
    .slice(0, at + '95% CI'.length)
    .trimEnd()
    .split(/\s{2,}/)
    .at(-1);
};

describe('one sample (repeat 1) has no confidence interval', () => {
  const one = () => resultFile([okCase(ID, [500])]);

  it('records none', () => {
    const c = one().cases[0] as PrimitiveCaseResult & { status: 'ok' };
    expect(c.metrics.opsPerSec.ci95).toBeNull();
  });

  it('the run summary shows "—", not ±0.0%', () => {
    expect(summaryCi(one())).toBe('—');
    expect(summaryTable(one().cases, false)).not.toContain('±0.0%');
  });

  it('markdown shows "—" and csv leaves both bounds empty', async () => {
    expect(await mdOpsCi(one())).toBe('—');
    expect(await csvOps(one())).toMatchObject({ median: '500', ci95_lo: '', ci95_hi: '', samples: '1' });
  });

  it('openmetrics writes the median and no bounds', async () => {
    const text = await render('openmetrics', one());
    expect(text).toMatch(/^chainmark_ops_per_second\{case="hash\/sha256\/node\/1KiB\/t1",.*stat="median"\} 500$/m);
    expect(text).not.toMatch(/stat="ci95_(lo|hi)"/);
  });
});

describe('a few widely spread samples: the interval stays positive and holds the median', () => {
  // [10, 100, 1000]: the t-interval of the mean was [−990, 1730]; the median's is 100 · e^(∓5.7204) = [0.328, 30503].
  const wide = () => resultFile([okCase(ID, [10, 100, 1000])]);

  it('markdown and csv print positive bounds around the median 100', async () => {
    expect(await mdOpsCi(wide())).toBe('0.33 – 30.5k');
    const row = await csvOps(wide());
    expect(Number(row.ci95_lo)).toBeCloseTo(0.32784, 4);
    expect(Number(row.ci95_hi)).toBeCloseTo(30502.7, 0);
    expect(row.median).toBe('100');
  });

  it('the run summary gives each end its distance from the median', () => {
    // 0.328 / 100 − 1 = −99.7%; 30503 / 100 − 1 = +30402.7%
    expect(summaryCi(wide())).toMatch(/^-99\.7%\/\+30402\.\d%$/);
  });
});

describe('a file of an earlier version with a negative bound', () => {
  const legacy = () => {
    const r = reportFixture();
    const c = r.cases.find((k) => k.id === ID) as PrimitiveCaseResult & { status: 'ok' };
    c.metrics.opsPerSec.ci95 = [-892, 3770];
    return r;
  };

  it('markdown says invalid and prints no negative number', async () => {
    expect(await mdOpsCi(legacy())).toBe('invalid');
    expect(await render('md', legacy())).not.toContain('-892');
  });

  it('csv and openmetrics leave the bounds out', async () => {
    expect(await csvOps(legacy())).toMatchObject({ ci95_lo: '', ci95_hi: '' });
    expect(await render('openmetrics', legacy())).not.toMatch(/ -892$/m);
  });

  it('the run summary says invalid', () => {
    expect(summaryCi(legacy())).toBe('invalid');
  });
});
