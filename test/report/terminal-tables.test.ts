import { describe, expect, it } from 'vitest';
import { SKIPPED_ROWS_MAX, summaryTable } from '../../src/report/summary.js';
import type { CaseResult } from '../../src/results/schema.js';
import { compareResults } from '../../src/compare/compare.js';
import { renderComparison } from '../../src/compare/render-compare.js';
import { loaded, okCase, resultFile } from '../compare/build.js';
import { reportFixture } from './fixture.js';
import { consensusCase } from './published-fixtures.js';
import { consensusTable } from '../../src/report/summary.js';

describe('terminal tables: aligned columns with units', () => {
  it('the run summary names units in its headers and right-aligns numbers', () => {
    const lines = summaryTable(reportFixture().cases, false).split('\n');
    expect(lines[0]).toMatch(
      /^case\s+backend\s+threads\s+ops\/s \(median\)\s+95% CI\s+bytes\/s\s+p99 latency\s+efficiency\s+status$/,
    );
    const end = lines[0]!.indexOf('ops/s (median)') + 'ops/s (median)'.length;
    const rates = lines
      .filter((l) => /^(hash\/sha256|verify)/.test(l))
      .map((l) => l.slice(0, end).trimStart().split(/\s+/).at(-1));
    expect(rates).toEqual(['400k', '1.70k']); // both end at the header's right edge
    expect(lines.find((l) => l.startsWith('verify/'))).toMatch(/1\.50 ms\s+96%\s+ok$/);
    const consensus = summaryTable(reportFixture().cases, false).split('\n\n')[1]!.split('\n');
    expect(consensus[0]).toMatch(/host round p50\s+modeled round p50\s+tx\/s host/);
    expect(consensus[2]).toMatch(/^consensus\/pbft\/node\/n4\s+1\s+4\s+20\.0 ms\s+2\.50 ms\s+12\.8k\s+102k\s/);
  });

  it('says per round or per view, and gives the commit latency, when pipelined protocols are in the table', () => {
    const basic = consensusCase({ protocol: 'pbft', nodes: 4, txPerSec: 1000, commitMs: 3 });
    const chained = consensusCase({
      protocol: 'chained-hotstuff',
      nodes: 4,
      txPerSec: 2000,
      commitMs: 9,
      commitChain: 3,
    });
    const lines = consensusTable([basic, chained], false).split('\n');
    expect(lines[0]).toMatch(/\bn\s+per\s+host p50\s+modeled p50\s+modeled commit p50\s+tx\/s host/);
    expect(lines[2]).toMatch(/^consensus\/pbft\/node\/n4\s+2\s+4\s+round\s/);
    expect(lines[3]).toMatch(/^consensus\/chained-hotstuff\/node\/n4\s+2\s+4\s+view \(3-chain\)\s.*\s9\.00 ms\s/);
    // Without pipelined cases the table keeps its round headers and no extra columns.
    expect(consensusTable([basic], false).split('\n')[0]).toMatch(
      /\bn\s+host round p50\s+modeled round p50\s+tx\/s host/,
    );
  });

  it('compare lines up values whose confidence intervals differ in width', () => {
    // [99, 100, 101] has a CI of about ±2.5% of its midpoint; [50, 100, 150] about ±88%: the unit must still line up.
    const base = resultFile([okCase('narrow', [99, 100, 101]), okCase('wide', [50, 100, 150])]);
    const other = resultFile([okCase('narrow', [199, 200, 201]), okCase('wide', [100, 200, 300])], {
      fingerprint: 'fp2',
    });
    const text = renderComparison(compareResults([loaded('base', base), loaded('other', other)], 'opsPerSec'), 'text');
    const rows = text.split('\n').filter((l) => /^(narrow|wide) /.test(l));
    expect(rows).toHaveLength(2);
    const unitAt = rows.map((r) => r.indexOf('ops/s'));
    expect(unitAt[0]).toBe(unitAt[1]);
    expect(rows[0]).toMatch(/100 ops\/s\s+±\d\.\d%/);
    expect(rows[1]).toMatch(/100 ops\/s ±\d{2}\.\d%/);
  });
});

describe('skipped cases in the run summary', () => {
  const skipped = (backend: string, algorithm: string, error: string): CaseResult =>
    ({
      id: `verify/${algorithm}/${backend}/t1`,
      kind: 'primitive',
      op: 'verify',
      algorithm,
      backend,
      params: {},
      threads: 1,
      settings: { timeMs: 1, warmupMs: 0, repeat: 1 },
      wallMs: 0,
      status: 'skipped',
      error,
    }) as CaseResult;
  const measured = reportFixture().cases.filter((c) => c.status === 'ok' && c.kind === 'primitive');

  it('keep a row each while there are few of them', () => {
    const few = [
      ...measured,
      ...Array.from({ length: SKIPPED_ROWS_MAX }, (_, i) => skipped('blst', `alg${i}`, `blst has no alg${i}`)),
    ];
    const text = summaryTable(few, false);
    expect(text.match(/skipped: blst has no alg\d+/g)).toHaveLength(SKIPPED_ROWS_MAX);
    expect(text).not.toContain('cases skipped, by backend');
  });

  it('are folded into a line per backend when they would bury the measurements', () => {
    const many = [
      ...measured,
      ...['ed25519', 'ecdsa-p256', 'ed25519'].map((a) => skipped('blst', a, `blst has no ${a}`)),
      // A library that could not load: every case has the same reason, which is what to show.
      ...Array.from({ length: SKIPPED_ROWS_MAX }, (_, i) =>
        skipped('sodium', `alg${i}`, 'sodium-native could not load: no prebuilt binary'),
      ),
    ];
    const text = summaryTable(many, false);
    expect(text).not.toMatch(/skipped: /);
    for (const c of measured) expect(text).toContain(c.id.replace(/\/t\d+$/, ''));
    const lines = text.split('\n');
    const at = lines.indexOf(
      `${SKIPPED_ROWS_MAX + 3} cases skipped, by backend (each case's reason is in the result file):`,
    );
    expect(at).toBeGreaterThan(0);
    expect(lines.slice(at + 1, at + 3)).toEqual([
      '  blst      3  no ed25519, ecdsa-p256',
      `  sodium   ${SKIPPED_ROWS_MAX}  sodium-native could not load: no prebuilt binary`,
    ]);
  });
});
