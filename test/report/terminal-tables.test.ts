import { describe, expect, it } from 'vitest';
import { summaryTable } from '../../src/report/summary.js';
import { compareResults } from '../../src/compare/compare.js';
import { renderComparison } from '../../src/compare/render-compare.js';
import { loaded, okCase, resultFile } from '../compare/build.js';
import { reportFixture } from './fixture.js';

describe('terminal tables: aligned columns with units', () => {
  it('the run summary names units in its headers and right-aligns numbers', () => {
    const lines = summaryTable(reportFixture().cases, false).split('\n');
    expect(lines[0]).toMatch(/^case\s+backend\s+threads\s+ops\/s \(median\)\s+95% CI\s+bytes\/s\s+p99 latency\s+efficiency\s+status$/);
    const end = lines[0]!.indexOf('ops/s (median)') + 'ops/s (median)'.length;
    const rates = lines.filter((l) => /^(hash\/sha256|verify)/.test(l)).map((l) => l.slice(0, end).trimStart().split(/\s+/).at(-1));
    expect(rates).toEqual(['400k', '1.70k']); // both end at the header's right edge
    expect(lines.find((l) => l.startsWith('verify/'))).toMatch(/1\.50 ms\s+96%\s+ok$/);
    const consensus = summaryTable(reportFixture().cases, false).split('\n\n')[1]!.split('\n');
    expect(consensus[0]).toMatch(/host round p50\s+modeled round p50\s+tx\/s host/);
    expect(consensus[2]).toMatch(/^consensus\/pbft\/node\/n4\s+1\s+4\s+20\.0 ms\s+2\.50 ms\s+12\.8k\s+102k\s/);
  });

  it('compare lines up values whose confidence intervals differ in width', () => {
    // [99, 100, 101] has a CI of about ±2.5%; [50, 100, 150] about ±124%: the unit must still line up.
    const base = resultFile([okCase('narrow', [99, 100, 101]), okCase('wide', [50, 100, 150])]);
    const other = resultFile([okCase('narrow', [199, 200, 201]), okCase('wide', [100, 200, 300])], { fingerprint: 'fp2' });
    const text = renderComparison(compareResults([loaded('base', base), loaded('other', other)], 'opsPerSec'), 'text');
    const rows = text.split('\n').filter((l) => /^(narrow|wide) /.test(l));
    expect(rows).toHaveLength(2);
    const unitAt = rows.map((r) => r.indexOf('ops/s'));
    expect(unitAt[0]).toBe(unitAt[1]);
    expect(rows[0]).toMatch(/100 ops\/s\s+±\d\.\d%/);
    expect(rows[1]).toMatch(/100 ops\/s ±\d{3}\.\d%/);
  });
});
