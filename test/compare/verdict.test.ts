import { describe, expect, it } from 'vitest';
import { decideVerdict, SINGLE_RUN_FLOOR_PCT, testUnitOf } from '../../src/compare/verdict.js';

// Synthetic samples whose verdicts are known by hand. Eight values per side that do not overlap
// give the exact two-sided p = 2/C(16,8) = 2/12870 = 1.554e-4, far below alpha = 0.01.
const base = [100, 101, 102, 103, 104, 105, 106, 107]; // median 103.5
// The floor at 0: these cases test the test and the threshold (the floor has its own cases below).
const defaults = { unit: 'samples', alpha: 0.01, thresholdPct: 5, singleRunFloorPct: 0 } as const;

describe('decideVerdict', () => {
  it('flags a clear regression of a rate (higher is better)', () => {
    const current = base.map((x) => x - 20); // median 83.5: 83.5/103.5 − 1 = −19.3%
    const v = decideVerdict({ baseline: base, current, direction: 'higher', ...defaults });
    expect(v.verdict).toBe('regression');
    expect(v.changePct).toBeCloseTo(-19.324, 3);
    expect(v.p).toBeCloseTo(2 / 12870, 10);
    expect(v.method).toBe('exact');
  });

  it('flags a clear improvement of a rate', () => {
    const current = base.map((x) => x + 20); // median 123.5: +19.3%
    expect(decideVerdict({ baseline: base, current, direction: 'higher', ...defaults }).verdict).toBe('improvement');
  });

  it('reads direction from the metric: the same numbers are a regression for a time', () => {
    const current = base.map((x) => x + 20); // 19% longer: worse when lower is better
    const v = decideVerdict({ baseline: base, current, direction: 'lower', ...defaults });
    expect(v.verdict).toBe('regression');
    expect(
      decideVerdict({ baseline: base, current: base.map((x) => x - 20), direction: 'lower', ...defaults }).verdict,
    ).toBe('improvement');
  });

  it('calls a significant change within the threshold unchanged', () => {
    // Tight samples 100.0…100.7 (median 100.35) against the same + 3: apart, so p = 1.554e-4,
    // but 103.35/100.35 − 1 = +2.99% < 5%.
    const tight = [100, 100.1, 100.2, 100.3, 100.4, 100.5, 100.6, 100.7];
    const v = decideVerdict({ baseline: tight, current: tight.map((x) => x + 3), direction: 'higher', ...defaults });
    expect(v.changePct).toBeCloseTo(2.99, 2);
    expect(v.p!).toBeLessThan(0.01);
    expect(v.verdict).toBe('unchanged');
    expect(v.reason).toMatch(/within the 5% threshold/);
  });

  it('calls noise unchanged even when the medians differ by more than the threshold', () => {
    // Interleaved samples: U1 far from the extremes, p large; the medians still differ by 8%.
    const baseline = [90, 120, 95, 115, 100, 110, 85, 125];
    const current = [80, 118, 88, 108, 93, 104, 78, 122];
    const v = decideVerdict({ baseline, current, direction: 'higher', ...defaults });
    expect(Math.abs(v.changePct)).toBeGreaterThan(5);
    expect(v.p!).toBeGreaterThan(0.01);
    expect(v.verdict).toBe('unchanged');
    expect(v.reason).toMatch(/not significant/);
  });

  it('honours a larger threshold (a case thresholdPct)', () => {
    const current = base.map((x) => x - 20); // −19.3%
    expect(decideVerdict({ baseline: base, current, direction: 'higher', ...defaults, thresholdPct: 25 }).verdict).toBe(
      'unchanged',
    );
  });

  it('is inconclusive with too few samples, and says how many are needed', () => {
    // 4 vs 4 can reach at best p = 2/C(8,4) = 0.0286 > 0.01, however far apart: 5 per side needed.
    const v = decideVerdict({
      baseline: [100, 101, 102, 103],
      current: [50, 51, 52, 53],
      direction: 'higher',
      ...defaults,
    });
    expect(v.verdict).toBe('inconclusive');
    expect(v.samplesNeeded).toBe(5);
    expect(v.p).toBeNull();
    expect(v.reason).toMatch(/needs ≥ 5 samples per side.*has 4 and 4/);
    // At alpha 0.05 the same 4 vs 4 can decide: p = 0.0286 ≤ 0.05.
    expect(
      decideVerdict({
        baseline: [100, 101, 102, 103],
        current: [50, 51, 52, 53],
        direction: 'higher',
        ...defaults,
        alpha: 0.05,
      }).verdict,
    ).toBe('regression');
  });

  it('is inconclusive with an empty side', () => {
    expect(decideVerdict({ baseline: [], current: [1, 2, 3, 4, 5], direction: 'higher', ...defaults }).verdict).toBe(
      'inconclusive',
    );
  });
  it('names the unit it tested: runs need as many per side as samples do', () => {
    const v = decideVerdict({
      baseline: [100, 101, 102],
      current: [80, 81, 82],
      direction: 'higher',
      ...defaults,
      unit: 'runs',
    });
    expect(v).toMatchObject({ verdict: 'inconclusive', unit: 'runs', samplesNeeded: 5 });
    expect(v.reason).toBe('too few runs: needs ≥ 5 runs per side to reach alpha 0.01 (has 3 and 3)');
  });
});

describe('the single-run floor', () => {
  // Eight windows a side that do not overlap (p = 1.554e-4): significant, whatever the floor.
  const at = (k: number) => base.map((x) => x * k);
  const floor = { ...defaults, singleRunFloorPct: 20 };

  it('calls a single-run change below the floor inconclusive, however significant', () => {
    const v = decideVerdict({ baseline: base, current: at(0.85), direction: 'higher', ...floor });
    expect(v.changePct).toBeCloseTo(-15, 9);
    expect(v).toMatchObject({ verdict: 'inconclusive', p: null, samplesNeeded: null, floorPct: 20 });
    expect(v.reason).toBe(
      'single runs: -15.0% is within the ±20% that single runs of the same build differ by; compare merged runs (scripts/ab.sh) to see smaller changes',
    );
    // Faster by as much: the same.
    expect(decideVerdict({ baseline: base, current: at(1.15), direction: 'higher', ...floor }).verdict).toBe(
      'inconclusive',
    );
  });

  it('gives single runs a verdict beyond the floor', () => {
    const v = decideVerdict({ baseline: base, current: at(0.7), direction: 'higher', ...floor });
    expect(v).toMatchObject({ verdict: 'regression', floorPct: 20 });
    expect(v.p).toBeCloseTo(2 / 12870, 10);
    expect(decideVerdict({ baseline: base, current: at(1.3), direction: 'higher', ...floor }).verdict).toBe(
      'improvement',
    );
  });

  it('does not hold merged runs to it', () => {
    const v = decideVerdict({ baseline: base, current: at(0.85), direction: 'higher', ...floor, unit: 'runs' });
    expect(v).toMatchObject({ verdict: 'regression', floorPct: null });
  });

  it('is a documented positive figure, and runs are the unit only when both sides have two or more', () => {
    expect(SINGLE_RUN_FLOOR_PCT).toBeGreaterThan(0);
    expect(testUnitOf({ runs: [1, 2] }, { runs: [1, 2, 3] })).toBe('runs');
    expect(testUnitOf({ runs: [1, 2] }, { runs: [1] })).toBe('samples');
    expect(testUnitOf({ runs: null }, { runs: [1, 2] })).toBe('samples');
  });
});
