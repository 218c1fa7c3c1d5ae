import { describe, expect, it } from 'vitest';
import { alignCases } from '../../src/results/align.js';
import { parameterDifferences } from '../../src/compare/parameters.js';
import { compareResults, geometricMean, intervalMark } from '../../src/compare/compare.js';
import { renderComparison } from '../../src/compare/render-compare.js';
import { InputError } from '../../src/core/errors.js';
import { mergeResults } from '../../src/results/merge.js';
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
    const v = (median: number, lo: number, hi: number) => ({ median, ci95: [lo, hi] as [number, number] });
    expect(intervalMark(v(1.5, 1, 2), v(3.5, 3, 4), 'higher')).toBe('faster');
    expect(intervalMark(v(1.5, 1, 2), v(3.5, 3, 4), 'lower')).toBe('slower');
    expect(intervalMark(v(2, 1, 3), v(3, 2, 4), 'higher')).toBeNull();
    expect(intervalMark(v(1.5, 1, 2), v(3.5, 3, 4), null)).toBeNull();
  });

  it('intervalMark never marks equal medians, a reversed interval or one that misses its median', () => {
    const v = (median: number, lo: number, hi: number) => ({ median, ci95: [lo, hi] as [number, number] });
    // A reversed ci95 [110, 90] around the same median as the baseline: ×1.000, no mark.
    expect(intervalMark(v(100, 95, 105), v(100, 110, 90), 'higher')).toBeNull();
    expect(intervalMark(v(100, 110, 90), v(100, 95, 105), 'higher')).toBeNull();
    // Reversed, around a median that did move: the interval says nothing, so no mark.
    expect(intervalMark(v(100, 95, 105), v(120, 130, 110), 'higher')).toBeNull();
    // An interval above the baseline's whose median is not: no mark either.
    expect(intervalMark(v(100, 95, 105), v(100, 106, 110), 'higher')).toBeNull();
    expect(intervalMark({ median: 100, ci95: null }, v(200, 190, 210), 'higher')).toBeNull();
  });

  it('parameterDifferences names the differing fields', () => {
    const a = okCase('x', s(1), { params: { rounds: 1000 } });
    const b = okCase('x', s(1), { params: { rounds: 1100 }, thresholdPct: 10 });
    expect(parameterDifferences(a, b)).toEqual(['params.rounds 1000 → 1100', 'thresholdPct (none) → 10']);
  });

  it('parameterDifferences leaves out what was measured: the warm-up outcome, calibrated costs', () => {
    const a = okCase('x', s(1), { warmup: { ms: 943, steady: true } });
    const b = okCase('x', s(1), { warmup: { ms: 1329, steady: false } });
    expect(parameterDifferences(a, b)).toEqual([]);
    // A consensus case's costs: measured Rates and fits, but where they came from is a parameter.
    const cost = (median: number) => ({ median, mean: median, ci95: [median, median], cv: 0, samples: [median] });
    const costs = (ms: number, source: object) => ({
      source,
      voteSignMs: { ...cost(ms), case: 'sign/ed25519/node/t1' },
      bls: { aggregateVerify: [{ k: 16, ms: cost(ms) }], aggregateVerifyFit: { baseMs: ms, perSignerMs: ms / 10 } },
    });
    const here = { kind: 'measured' };
    const c1 = okCase('c', s(1), { costs: costs(0.05, here) });
    const c2 = okCase('c', s(1), { costs: costs(0.07, here) });
    expect(parameterDifferences(c1, c2)).toEqual([]);
    // A Rate-shaped field a later kind may add is a measurement too, wherever it sits.
    const p1 = okCase('p', s(1), { probe: { calibration: cost(1) } });
    const p2 = okCase('p', s(1), { probe: { calibration: cost(2) } });
    expect(parameterDifferences(p1, p2)).toEqual([]);
    const c3 = okCase('c', s(1), {
      costs: costs(0.05, { kind: 'file', file: 'epyc.json', host: 'h', fingerprint: 'f' }),
    });
    expect(parameterDifferences(c1, c3)).toEqual([
      'costs.source.file (none) → "epyc.json"',
      'costs.source.fingerprint (none) → "f"',
      'costs.source.host (none) → "h"',
      'costs.source.kind "measured" → "file"',
    ]);
  });
});

describe('compare: two runs of the same scenario', () => {
  it('does not warn that parameters differ when only the measured warm-up does', () => {
    const c = compareResults(
      [
        loaded('a', resultFile([okCase('x', s(1), { warmup: { ms: 943, steady: true } })])),
        loaded('b', resultFile([okCase('x', s(1), { warmup: { ms: 1329, steady: true } })])),
      ],
      'opsPerSec',
    );
    expect(c.warnings.filter((w) => w.code === 'parameters-differ')).toEqual([]);
  });
});

describe('compare: the single-run floor', () => {
  const pair = (k: number, floor = 25) =>
    compareResults(
      [loaded('a', resultFile([okCase('x', s(1))])), loaded('b', resultFile([okCase('x', s(k))]))],
      'opsPerSec',
      floor,
    );

  it('does not mark a single-run difference within the floor, though the intervals are apart', () => {
    const c = pair(1.2);
    const cell = c.cases[0]!.cells[1]!;
    expect(cell).toMatchObject({ unit: 'samples', mark: null, heldByFloor: true });
    expect(cell.ratio).toBeCloseTo(1.2, 12);
    expect(c.warnings.find((w) => w.code === 'single-run-floor')).toMatchObject({ cases: ['x'] });
    expect(renderComparison(c, 'text')).toMatch(/1 case differ beyond the 95% intervals but within ±25%/);
    // Without the floor the same cells are marked: the intervals do not overlap.
    expect(pair(1.2, 0).cases[0]!.cells[1]!.mark).toBe('faster');
  });

  it('marks single runs beyond the floor', () => {
    expect(pair(1.9).cases[0]!.cells[1]).toMatchObject({ mark: 'faster', heldByFloor: false });
    expect(pair(0.5).cases[0]!.cells[1]!.mark).toBe('slower');
  });

  it('marks merged runs without the floor', () => {
    const merged = (label: string, k: number) =>
      loaded(label, mergeResults([0, 1].map((i) => loaded(`${label}${i}`, resultFile([okCase('x', s(k))])))));
    const c = compareResults([merged('a', 1), merged('b', 1.1)], 'opsPerSec', 25);
    expect(c.cases[0]!.cells[1]).toMatchObject({ unit: 'runs', mark: 'faster', heldByFloor: false });
  });

  it('never marks a ratio shown as ×1.000, even with the floor at 0 and intervals apart', () => {
    const tight = (label: string, k: number) => {
      const c = okCase('x', s(k));
      const rate = (c as { metrics: { opsPerSec: { median: number; ci95: number[] } } }).metrics.opsPerSec;
      rate.ci95 = [rate.median * (1 - 1e-6), rate.median * (1 + 1e-6)];
      return loaded(label, resultFile([c]));
    };
    const c = compareResults([tight('a', 1), tight('b', 1.0004)], 'opsPerSec', 0);
    expect(c.cases[0]!.cells[1]!.ratio).toBeCloseTo(1.0004, 9);
    expect(c.cases[0]!.cells[1]!.mark).toBeNull();
    expect(compareResults([tight('a', 1), tight('b', 1.002)], 'opsPerSec', 0).cases[0]!.cells[1]!.mark).toBe('faster');
  });

  it('never marks a reversed interval around the same median (×1.000)', () => {
    const b = okCase('x', s(1));
    const rate = (b as { metrics: { opsPerSec: { ci95: number[] } } }).metrics.opsPerSec;
    rate.ci95 = [rate.ci95[1]! + 10, rate.ci95[0]! - 10];
    const c = compareResults(
      [loaded('a', resultFile([okCase('x', s(1))])), loaded('b', resultFile([b]))],
      'opsPerSec',
      0,
    );
    expect(c.cases[0]!.cells[1]).toMatchObject({ ratio: 1, mark: null });
  });
});
