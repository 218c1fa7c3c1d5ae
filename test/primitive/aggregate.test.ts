import { describe, expect, it } from 'vitest';
import { aggregateWindows, fillScalingEfficiency } from '../../src/primitive/aggregate.js';
import type { WindowMeasurement } from '../../src/pool/messages.js';
import type { CaseResult, PrimitiveMetrics } from '../../src/results/schema.js';

const w = (ops: number, startMs: number, endMs: number, latencyMs: number[]): WindowMeasurement => ({
  ops,
  startMs,
  endMs,
  latencyMs,
});

/*
 * Two workers, two windows each, deliberately out of step:
 *
 *   window 0   A: 100 ops in [1000, 1100]    B:  50 ops in [1010, 1125]
 *              all: 150 ops over [1000, 1125] = 125 ms → 150 / 0.125 s = 1200 ops/s
 *   window 1   A: 120 ops in [2000, 2100]    B:  60 ops in [1990, 2090]
 *              all: 180 ops over [1990, 2100] = 110 ms → 180 / 0.110 s = 1636.3636… ops/s
 *
 * A mean of per-thread rates would give window 0 = 1000 + 434.78… = 1434.78…, not 1200.
 */
const workerA = [w(100, 1000, 1100, [1, 2]), w(120, 2000, 2100, [3])];
const workerB = [w(50, 1010, 1125, [4]), w(60, 1990, 2090, [5])];

describe('aggregateWindows', () => {
  it('takes each window’s rate as total ops ÷ (last end − first start)', () => {
    const m = aggregateWindows([workerA, workerB], 4);
    expect(m.opsPerSec.samples).toHaveLength(2);
    expect(m.opsPerSec.samples[0]).toBeCloseTo(1200, 9);
    expect(m.opsPerSec.samples[1]).toBeCloseTo(180 / 0.11, 9);
    // mean of the two windows: (1200 + 1636.3636…) / 2 = 1418.1818…
    expect(m.opsPerSec.mean).toBeCloseTo((1200 + 180 / 0.11) / 2, 9);
  });

  it('sums every operation of every worker into totalOps and passes the batch through', () => {
    const m = aggregateWindows([workerA, workerB], 4);
    // 100 + 120 + 50 + 60 = 330
    expect(m.totalOps).toBe(330);
    expect(m.batch).toBe(4);
  });

  it('reports each thread’s own rate over its own windows', () => {
    const m = aggregateWindows([workerA, workerB], 1);
    // A: (100 + 120) ops / (100 + 100) ms = 1.1 ops/ms = 1100 ops/s
    // B: (50 + 60) ops / (115 + 100) ms = 110 / 215 ops/ms = 511.6279… ops/s
    expect(m.perThreadOpsPerSec).toHaveLength(2);
    expect(m.perThreadOpsPerSec[0]).toBeCloseTo(1100, 9);
    expect(m.perThreadOpsPerSec[1]).toBeCloseTo((110 / 215) * 1000, 9);
  });

  it('pools the latency samples of all windows and threads', () => {
    const m = aggregateWindows([workerA, workerB], 1);
    // [1, 2, 3, 4, 5]: count 5, mean 3, p50 3; p99: h = 4 · 0.99 = 3.96 → 4 + 0.96 = 4.96
    expect(m.latencyMs.count).toBe(5);
    expect(m.latencyMs.mean).toBe(3);
    expect(m.latencyMs.p50).toBe(3);
    expect(m.latencyMs.p99).toBeCloseTo(4.96, 12);
  });

  it('adds bytesPerSec = rate × bytesPerOp only when bytesPerOp is given and positive', () => {
    const m = aggregateWindows([workerA, workerB], 1, 32);
    // 1200 · 32 = 38400; 1636.3636… · 32 = 52363.6363…
    expect(m.bytesPerSec?.samples[0]).toBeCloseTo(38_400, 6);
    expect(m.bytesPerSec?.samples[1]).toBeCloseTo((180 / 0.11) * 32, 6);
    expect(m.bytesPerSec?.median).toBeCloseTo(m.opsPerSec.median * 32, 6);
    expect(aggregateWindows([workerA, workerB], 1).bytesPerSec).toBeUndefined();
    expect(aggregateWindows([workerA, workerB], 1, 0).bytesPerSec).toBeUndefined();
  });

  it('leaves scalingEfficiency for fillScalingEfficiency to set', () => {
    expect(aggregateWindows([workerA], 1).scalingEfficiency).toBeNull();
  });

  it('with one worker, the window rate is that worker’s own rate', () => {
    const m = aggregateWindows([workerA], 1);
    // 100 ops / 100 ms and 120 ops / 100 ms → 1000 and 1200 ops/s
    expect(m.opsPerSec.samples[0]).toBeCloseTo(1000, 9);
    expect(m.opsPerSec.samples[1]).toBeCloseTo(1200, 9);
  });
});

function metrics(samples: number[], scalingEfficiency: number | null = null): PrimitiveMetrics {
  const sorted = [...samples].sort((a, b) => a - b);
  const median = sorted[(sorted.length - 1) >> 1]!; // odd counts only in these fixtures
  return {
    opsPerSec: { mean: median, median, ci95: [median, median], cv: 0, outliers: 0, samples },
    latencyMs: { mean: 1, p50: 1, p95: 1, p99: 1, count: 1 },
    perThreadOpsPerSec: [],
    scalingEfficiency,
    batch: 1,
    totalOps: 1,
  };
}

function okCase(id: string, threads: number, samples: number[], scalingEfficiency: number | null = null): CaseResult {
  const [op, algorithm, backend] = id.split('/') as [string, string, string];
  return {
    id,
    kind: 'primitive',
    op,
    algorithm,
    backend,
    params: { sizeBytes: 32 },
    threads,
    settings: { timeMs: 1, warmupMs: 0, repeat: samples.length },
    wallMs: 1,
    status: 'ok',
    metrics: metrics(samples, scalingEfficiency),
  };
}

function notOkCase(
  id: string,
  threads: number,
  status: 'failed-check' | 'errored' | 'skipped',
  error: string,
): CaseResult {
  const { metrics: _unused, ...common } = okCase(id, threads, [1]) as Extract<CaseResult, { status: 'ok' }>;
  return { ...common, status, error };
}

const efficiency = (c: CaseResult | undefined): number | null | undefined =>
  c?.status === 'ok' ? c.metrics.scalingEfficiency : undefined;

describe('fillScalingEfficiency', () => {
  it('sets rate(T) ÷ (T × rate(1)) from medians, and null at one thread', () => {
    const cases = [
      okCase('hash/sha256/noble/32B/t1', 1, [900, 1000, 1100]), // median 1000
      okCase('hash/sha256/noble/32B/t2', 2, [1500, 1800, 1600]), // median 1600 → 1600 / (2 · 1000) = 0.8
      okCase('hash/sha256/noble/32B/t4', 4, [3000, 2000, 2600]), // median 2600 → 2600 / (4 · 1000) = 0.65
    ];
    fillScalingEfficiency(cases);
    expect(efficiency(cases[0])).toBeNull();
    expect(efficiency(cases[1])).toBeCloseTo(0.8, 12);
    expect(efficiency(cases[2])).toBeCloseTo(0.65, 12);
  });

  it('pairs each case with the 1-thread case of the same op, algorithm, backend and parameter only', () => {
    const cases = [
      okCase('hash/sha256/noble/32B/t1', 1, [1000]),
      okCase('hash/sha256/node/32B/t1', 1, [4000]),
      okCase('hash/sha256/node/32B/t2', 2, [6000]), // 6000 / (2 · 4000) = 0.75, not 6000 / (2 · 1000)
      okCase('hash/sha256/noble/1KiB/t2', 2, [500], 0.5), // no 1KiB/t1 sibling
    ];
    fillScalingEfficiency(cases);
    expect(efficiency(cases[2])).toBeCloseTo(0.75, 12);
    expect(efficiency(cases[3])).toBeNull();
  });

  it('is null when the 1-thread sibling did not succeed', () => {
    const failed = notOkCase('verify/ed25519/node/t1', 1, 'failed-check', 'a tampered signature verifies');
    const two = okCase('verify/ed25519/node/t2', 2, [100], 0.9);
    const cases = [failed, two];
    fillScalingEfficiency(cases);
    expect(efficiency(two)).toBeNull();
  });

  it('leaves cases that are not ok untouched', () => {
    const skipped = notOkCase('hash/blake3/node/32B/t2', 2, 'skipped', 'no BLAKE3');
    const before = JSON.stringify(skipped);
    fillScalingEfficiency([okCase('hash/blake3/node/32B/t1', 1, [10]), skipped]);
    expect(JSON.stringify(skipped)).toBe(before);
  });
});
