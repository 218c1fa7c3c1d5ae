import { describe, expect, it } from 'vitest';
import { fitOffsetPowerLaw, fitPowerLaw, kneeOf } from '../../src/measure/scaling.js';
import { consensusScaling, consensusWarnings, scalingFormula, seriesOf } from '../../src/consensus/analysis.js';
import { consensusMetrics, summarizeRoundTimes } from '../../src/consensus/metrics.js';
import { zeroWork } from '../../src/consensus/messages.js';
import type { RoundRecord } from '../../src/consensus/engine.js';
import type { ModeledRound } from '../../src/consensus/network.js';
import type { CaseResult } from '../../src/results/schema.js';

describe('power-law fit of round time against n', () => {
  it('recovers y = 3·x² exactly', () => {
    const fit = fitPowerLaw([2, 4, 8], [12, 48, 192])!;
    expect(fit.exponent).toBeCloseTo(2, 12);
    expect(fit.coefficient).toBeCloseTo(3, 10);
    expect(fit.r2).toBeCloseTo(1, 12);
    expect(fit.points).toBe(3);
  });

  it('matches a hand-computed least-squares fit: (1,1), (2,4), (4,8) → b = 3/2, a = 2^(1/6), R² = 27/28', () => {
    // With L = ln 2: ln x = 0, L, 2L; ln y = 0, 2L, 3L. Sxy = 3L², Sxx = 2L², so b = 1.5 and
    // ln a = 5L/3 − 1.5L = L/6; residuals −L/6, 2L/6, −L/6 give SSres = L²/6 against SStot = 14L²/3.
    const fit = fitPowerLaw([1, 2, 4], [1, 4, 8])!;
    expect(fit.exponent).toBeCloseTo(1.5, 12);
    expect(fit.coefficient).toBeCloseTo(2 ** (1 / 6), 12);
    expect(fit.r2).toBeCloseTo(27 / 28, 12);
  });

  it('a flat series has exponent 0 and R² 1; too few or non-positive points give no fit', () => {
    expect(fitPowerLaw([4, 16], [5, 5])).toMatchObject({ exponent: 0, r2: 1 });
    expect(fitPowerLaw([4], [5])).toBeNull();
    expect(fitPowerLaw([4, 4], [5, 6])).toBeNull();
    expect(fitPowerLaw([4, 16], [5, 0])).toBeNull();
  });
});

describe('knee: the smallest n where committed tx/s falls below half its smallest-n value', () => {
  it('finds it, strictly below half', () => {
    expect(kneeOf([4, 16, 64], [1000, 600, 400])).toBe(64);
    expect(kneeOf([4, 16, 64], [1000, 500, 499])).toBe(64);
    expect(kneeOf([64, 4, 16], [100, 1000, 400])).toBe(16);
  });
  it('is null when throughput never halves or the base is zero', () => {
    expect(kneeOf([4, 16], [1000, 900])).toBeNull();
    expect(kneeOf([4, 16], [0, 0])).toBeNull();
    expect(kneeOf([], [])).toBeNull();
  });
});

function fakeCase(
  id: string,
  nodes: number,
  threads: number,
  hostMs: number | null,
  modeledMs: number,
  txPerSec: number,
): CaseResult {
  const rate = (v: number) => ({ mean: v, median: v, ci95: [v, v], cv: 0, outliers: 0, samples: [v] });
  return {
    id,
    kind: 'consensus',
    status: 'ok',
    threads,
    params: { nodes },
    metrics: {
      hostRoundMs: hostMs === null ? null : rate(hostMs),
      modeledRoundMs: hostMs === null ? null : rate(modeledMs),
      committedTxPerSec: rate(txPerSec),
      modeledCommittedTxPerSec: rate(txPerSec * 10),
    },
  } as unknown as CaseResult;
}

describe('scaling entries and warnings of a run', () => {
  it('one host and one modeled fit per series; the node count is not part of the series', () => {
    expect(seriesOf('consensus/pbft/node/n64/t2')).toBe('consensus/pbft/node/t2');
    expect(seriesOf('consensus/pbft/node/n64/1-crash/t2')).toBe('consensus/pbft/node/1-crash/t2');
    const cases = [
      fakeCase('consensus/pbft/node/n4/t2', 4, 2, 10, 2, 1000),
      fakeCase('consensus/pbft/node/n16/t2', 16, 2, 160, 8, 400),
      fakeCase('consensus/pbft/node/n64/t2', 64, 2, 2560, 32, 100),
      fakeCase('consensus/hotstuff/node/n4/t2', 4, 2, 10, 1, 1000),
    ];
    const entries = consensusScaling(cases);
    // hotstuff has a single point: no fit.
    expect(entries.map((e) => [e.series, e.metric])).toEqual([
      ['consensus/pbft/node/t2', 'hostRoundMs'],
      ['consensus/pbft/node/t2', 'modeledRoundMs'],
    ]);
    expect(entries[0]!.exponent).toBeCloseTo(2, 10); // 10·(n/4)²
    expect(entries[1]!.exponent).toBeCloseTo(1, 10); // 2·(n/4)
    expect(entries[0]).toMatchObject({ x: 'nodes', knee: 16, kneeMetric: 'committedTxPerSec', points: 3 });
    expect(entries[1]).toMatchObject({ knee: 16, kneeMetric: 'modeledCommittedTxPerSec' });
  });

  it('cases with no committed round join the knee (as 0 tx/s) but not the fit', () => {
    const entries = consensusScaling([
      fakeCase('consensus/pbft/node/n4/t2', 4, 2, 10, 2, 1000),
      fakeCase('consensus/pbft/node/n16/t2', 16, 2, 40, 4, 900),
      fakeCase('consensus/pbft/node/n64/t2', 64, 2, null, 0, 0),
    ]);
    expect(entries[0]).toMatchObject({ points: 2, knee: 64 });
  });

  it('warns when validators outnumber worker threads, and only then', () => {
    expect(consensusWarnings([fakeCase('consensus/pbft/node/n4/t4', 4, 4, 1, 1, 1)])).toEqual([]);
    const [w] = consensusWarnings([
      fakeCase('consensus/pbft/node/n4/t4', 4, 4, 1, 1, 1),
      fakeCase('consensus/pbft/node/n64/t2', 64, 2, 1, 1, 1),
    ]);
    expect(w?.code).toBe('validators-exceed-threads');
    expect(w?.cases).toEqual(['consensus/pbft/node/n64/t2']);
    expect(w?.message).toMatch(
      /^1 consensus case\(s\) run more virtual validators than worker threads \(up to 64 on 2\)/,
    );
    expect(w?.message).toMatch(/total capacity/);
  });
});

describe('case metrics from rounds', () => {
  const record = (hostMs: number, committed: boolean): RoundRecord =>
    ({
      round: 0,
      leader: 0,
      committed,
      committedValidators: committed ? 4 : 0,
      hostMs,
      messages: 24,
      bytes: 1000,
      waves: 4,
      work: { ...zeroWork(), signatures: 8, voteVerifications: 20, txVerifications: 12 },
    }) as unknown as RoundRecord;
  const modeled = (roundMs: number, committed: boolean): ModeledRound => ({
    committed,
    commitMs: committed ? roundMs - 1 : null,
    roundMs,
    validators: [],
  });

  it('round times summarise committed rounds; committed tx/s counts a stalled round as 0', () => {
    const m = consensusMetrics(
      [record(10, true), record(20, true), record(99, false)],
      [modeled(2, true), modeled(4, true), modeled(9, false)],
      [modeled(3, true), modeled(7, true), modeled(9, false)],
      100,
      5,
    );
    expect(m.replayRoundMs!.samples).toEqual([3, 7]);
    expect(m.hostRoundMs!.samples).toEqual([10, 20]);
    expect(m.hostRoundMs!.median).toBe(15);
    expect(m.modeledRoundMs!.samples).toEqual([2, 4]);
    expect(m.committedTxPerSec.samples).toEqual([10_000, 5000, 0]);
    expect(m.modeledCommittedTxPerSec.samples).toEqual([50_000, 25_000, 0]);
    expect(m.committedRounds).toBe(2);
    expect(m.verificationsPerRound).toBe(32);
    expect(m.signaturesPerRound).toBe(8);
    expect(m.rounds.map((r) => r.committed)).toEqual([true, true, false]);
  });

  it('no committed round: round-time metrics are null', () => {
    const m = consensusMetrics([record(10, false)], [modeled(3, false)], null, 100, 5);
    expect(m.replayRoundMs).toBeNull();
    expect(m.hostRoundMs).toBeNull();
    expect(m.modeledRoundMs).toBeNull();
    expect(m.committedTxPerSec.median).toBe(0);
    expect(summarizeRoundTimes([])).toBeNull();
  });

  it('a round-time summary is Rate-shaped with percentiles', () => {
    const s = summarizeRoundTimes([1, 2, 3, 4])!;
    expect(s).toMatchObject({ mean: 2.5, median: 2.5, p50: 2.5, count: 4, samples: [1, 2, 3, 4] });
    expect(s.p95).toBeCloseTo(3.85, 12);
  });
});

describe('fixed part plus power law: round time = c + a·n^b', () => {
  it('recovers y = 35 + 0.5·n exactly, where a plain power law bends', () => {
    const xs = [4, 8, 16, 32, 64, 128];
    const ys = xs.map((n) => 35 + 0.5 * n);
    const fit = fitOffsetPowerLaw(xs, ys)!;
    expect(fit.exponent).toBeCloseTo(1, 6);
    expect(fit.base).toBeCloseTo(35, 6);
    expect(fit.coefficient).toBeCloseTo(0.5, 6);
    expect(fit.r2).toBeCloseTo(1, 9);
    // The plain fit of the same points: a small exponent and a worse R², the figures that misled.
    const plain = fitPowerLaw(xs, ys)!;
    expect(plain.exponent).toBeLessThan(0.5);
    expect(plain.r2).toBeLessThan(0.95);
  });

  it('recovers a quadratic with a fixed part, and a pure power law with none', () => {
    const xs = [4, 8, 16, 32, 64];
    const q = fitOffsetPowerLaw(
      xs,
      xs.map((n) => 10 + 0.02 * n * n),
    )!;
    expect(q.exponent).toBeCloseTo(2, 6);
    expect(q.base).toBeCloseTo(10, 6);
    const p = fitOffsetPowerLaw(
      xs,
      xs.map((n) => 3 * n ** 1.5),
    )!;
    expect(p.exponent).toBeCloseTo(1.5, 6);
    expect(p.base).toBeCloseTo(0, 6);
  });

  it('a line that would cross below zero is held at a fixed part of 0 (the fit is through the origin)', () => {
    // y = n² − 0.9: the unconstrained best line (b = 2) crosses at −0.9, so c is held at 0 and a
    // steeper b takes over: the best line through the origin is at b ≈ 2.285.
    const fit = fitOffsetPowerLaw([1, 2, 3, 4], [0.1, 3.1, 8.1, 15.1])!;
    expect(fit.base).toBe(0);
    expect(fit.exponent).toBeCloseTo(2.285, 3);
    expect(fit.r2).toBeGreaterThan(0.99);
  });

  it('a falling or flat series has exponent 0 and no growing part; too few points give no fit', () => {
    expect(fitOffsetPowerLaw([4, 8, 16, 32], [9, 8, 7, 6])).toMatchObject({ exponent: 0, coefficient: 0, base: 7.5 });
    expect(fitOffsetPowerLaw([4, 8, 16, 32], [5, 5, 5, 5])).toMatchObject({ exponent: 0, r2: 1 });
    expect(fitOffsetPowerLaw([4, 8, 16], [1, 2, 3])).toBeNull();
    expect(fitOffsetPowerLaw([4, 8, 16, 16], [1, 2, 3, 4])).toBeNull();
    expect(fitOffsetPowerLaw([4, 8, 16, 32], [1, 2, 0, 4])).toBeNull();
  });

  it('a run with four or more node counts records the fixed part; the formula names it', () => {
    const cases = [4, 8, 16, 32].map((n) =>
      fakeCase(`consensus/pbft/node/n${n}/t2`, n, 2, 2 * n * n, 20 + n, 1000 / n),
    );
    const [host, modeled] = consensusScaling(cases);
    expect(modeled!.base).toBeCloseTo(20, 6);
    expect(modeled!.exponent).toBeCloseTo(1, 6);
    expect(scalingFormula(modeled!)).toBe('20.0 ms + n^1.00');
    expect(host!.base).toBeCloseTo(0, 6);
    expect(host!.exponent).toBeCloseTo(2, 6);
  });
});
