import { describe, expect, it } from 'vitest';
import { alignCases } from '../../src/results/align.js';
import { parameterDifferences } from '../../src/compare/parameters.js';
import { compareResults, geometricMean, intervalMark } from '../../src/compare/compare.js';
import { renderComparison } from '../../src/compare/render-compare.js';
import { InputError } from '../../src/core/errors.js';
import { failedCase, loaded, okCase, resultFile } from './build.js';

// Tight samples so the 95% CIs are narrow: k·[99, 100, 101] has median 100k and CI ≈ 100k ± 2.5k.
const s = (k: number) => [99 * k, 100 * k, 101 * k];

describe('alignCases', () => {
  it('aligns by id, in order of first appearance, with holes where a file lacks a case', () => {
    const a = resultFile([okCase('x', s(1)), okCase('y', s(1))]);
    const b = resultFile([okCase('z', s(1)), okCase('x', s(1))]);
    const aligned = alignCases([a, b]);
    expect(aligned.map((c) => c.id)).toEqual(['x', 'y', 'z']);
    expect(aligned.map((c) => c.entries.map((e) => (e ? e.id : null)))).toEqual([
      ['x', 'x'],
      ['y', null],
      [null, 'z'],
    ]);
  });
});

describe('compareResults', () => {
  const files = [
    loaded('base', resultFile([okCase('a', s(1)), okCase('b', s(1)), okCase('only-base', s(1)), okCase('c', s(1))])),
    loaded(
      'fast',
      resultFile([okCase('a', s(2)), okCase('b', s(1.005)), okCase('c', s(0.5)), failedCase('only-base')], {
        fingerprint: 'fp2',
        cpu: 'CPU-2',
      }),
    ),
    loaded(
      'odd',
      resultFile([okCase('a', s(4)), okCase('b', s(1)), okCase('c', s(1)), okCase('new', s(1))], { seed: 7 }),
    ),
  ];
  const c = compareResults(files, 'opsPerSec');

  it('computes each ratio to the baseline and marks only non-overlapping intervals', () => {
    const a = c.cases.find((k) => k.id === 'a')!;
    expect(a.cells.map((x) => x.ratio)).toEqual([1, 2, 4]);
    expect(a.cells.map((x) => x.mark)).toEqual([null, 'faster', 'faster']);
    const b = c.cases.find((k) => k.id === 'b')!;
    // 100.5 vs 100 with CIs of ±2.5: overlapping, so no mark despite the ratio above 1.
    expect(b.cells[1]!.ratio).toBeCloseTo(1.005, 12);
    expect(b.cells[1]!.mark).toBeNull();
    expect(c.cases.find((k) => k.id === 'c')!.cells[1]!.mark).toBe('slower');
  });

  it('scores each file by the geometric mean over the cases every file has', () => {
    // Shared: a, b, c. fast: (2 · 1.005 · 0.5)^(1/3) = 1.005^(1/3) = 1.001664; odd: (4 · 1 · 1)^(1/3) = 1.587401.
    expect(c.sharedCases).toBe(3);
    expect(c.scores[0]!.score).toBeCloseTo(1, 12);
    expect(c.scores[1]!.score).toBeCloseTo(1.001664, 6);
    expect(c.scores[2]!.score).toBeCloseTo(1.587401, 6);
  });

  it('lists cases missing from some files instead of dropping them', () => {
    expect(c.incomplete).toEqual([
      { id: 'only-base', missing: ['odd'], notMeasured: ['fast (errored)'] },
      { id: 'new', missing: ['base', 'fast'], notMeasured: [] },
    ]);
    const text = renderComparison(c, 'text');
    expect(text).toMatch(/only-base: missing from odd; not measured in fast \(errored\)/);
    expect(text).toMatch(/new: missing from base, fast/);
  });

  it('shows what differs between the machines and warns about a different seed', () => {
    expect(c.machines.differs).toEqual(expect.arrayContaining(['CPU', 'fingerprint', 'seed']));
    expect(c.machines.differs).not.toContain('host');
    expect(c.warnings.some((w) => /seed differs: base used 1, odd used 7/.test(w.message))).toBe(true);
  });

  it('inverts the ratio for lower-is-better metrics, so > 1 is still faster', () => {
    const slow = okCase('t', s(1));
    const quick = okCase('t', s(1));
    (slow as { metrics: { latencyMs: { p50: number } } }).metrics.latencyMs.p50 = 4;
    (quick as { metrics: { latencyMs: { p50: number } } }).metrics.latencyMs.p50 = 2;
    const lat = compareResults([loaded('slow', resultFile([slow])), loaded('quick', resultFile([quick]))], 'latencyMs');
    expect(lat.cases[0]!.cells[1]!.ratio).toBe(2);
    expect(lat.cases[0]!.cells[1]!.mark).toBeNull(); // latency summaries carry no CI
  });

  it('refuses a metric no case has, and a single file', () => {
    expect(() => compareResults(files, 'nope')).toThrow(InputError);
    expect(() => compareResults(files.slice(0, 1), 'opsPerSec')).toThrow(/at least two/);
  });

  it('renders csv with one row per case and file, and md and json', () => {
    const csv = renderComparison(c, 'csv').split('\n');
    expect(csv[0]).toBe('case,file,status,opsPerSec_median,ci95_lo,ci95_hi,ratio,mark');
    expect(csv).toHaveLength(1 + c.cases.length * 3);
    expect(csv).toContain('new,base,missing,,,,,');
    expect(renderComparison(c, 'md')).toMatch(/^\| case \| base \|/m);
    expect(JSON.parse(renderComparison(c, 'json')).sharedCases).toBe(3);
  });
});

describe('helpers', () => {
  it('geometricMean', () => {
    // (1 · 4 · 16)^(1/3) = 64^(1/3) = 4
    expect(geometricMean([1, 4, 16])).toBeCloseTo(4, 12);
    expect(geometricMean([])).toBeNull();
    expect(geometricMean([1, 0])).toBeNull();
  });

  it('intervalMark needs non-overlapping intervals and a direction', () => {
    expect(intervalMark([1, 2], [3, 4], 'higher')).toBe('faster');
    expect(intervalMark([1, 2], [3, 4], 'lower')).toBe('slower');
    expect(intervalMark([1, 3], [2, 4], 'higher')).toBeNull();
    expect(intervalMark([1, 2], [3, 4], null)).toBeNull();
  });

  it('parameterDifferences names the differing fields', () => {
    const a = okCase('x', s(1), { params: { rounds: 1000 } });
    const b = okCase('x', s(1), { params: { rounds: 1100 }, thresholdPct: 10 });
    expect(parameterDifferences(a, b)).toEqual(['params.rounds 1000 → 1100', 'thresholdPct (none) → 10']);
  });
});
