/**
 * Calibration of a consensus case's operation costs (src/consensus/calibrate.ts): which primitive
 * operations are measured, how the windows of a measurement become a cost, the straight lines
 * through the BLS sizes, and how the network model prices counted work from the costs.
 */
import { describe, expect, it } from 'vitest';
import {
  BLS_SIZES,
  CALIBRATION,
  CALIBRATION_PASSES,
  CalibrationError,
  calibrate,
  calibrationSpecs,
  clampEfficiency,
  costModel,
  efficiencyAt,
  lineThrough,
  parallelOperation,
  parallelThreadCounts,
  priceOf,
  type Measurer,
  type ParallelMeasurer,
} from '../../src/consensus/calibrate.js';
import { zeroWork, type WorkCounts } from '../../src/consensus/messages.js';
import { caseId } from '../../src/results/case-id.js';
import type { MeasureRequest, MeasureResponse, WindowMeasurement } from '../../src/pool/messages.js';
import type { CalibratedCost, ConsensusCosts } from '../../src/results/schema.js';
import type { ConsensusSpec, ProtocolName } from '../../src/consensus/types.js';

const SEED = 7;
const MODULES = ['/abs/extra-backend.mjs'];

function consensusSpec(protocol: ProtocolName): ConsensusSpec {
  return {
    protocol,
    backend: 'node',
    nodes: 4,
    txs: 64,
    txScheme: 'secp256k1',
    txBackend: 'noble',
    faulty: 0,
    fault: 'crash',
  };
}

describe('lineThrough: least squares through (k, ms) points', () => {
  it('two points: the line through both', () => {
    expect(
      lineThrough([
        { k: 2, ms: 5 },
        { k: 6, ms: 13 },
      ]),
    ).toEqual({ baseMs: 1, perMs: 2 });
  });

  it('three points off one line: the least-squares intercept and slope', () => {
    // mean k 1, mean ms 2, Sxx = 2, Sxy = 1: slope 1/2, intercept 2 − 1/2 = 3/2.
    expect(
      lineThrough([
        { k: 0, ms: 1 },
        { k: 1, ms: 3 },
        { k: 2, ms: 2 },
      ]),
    ).toEqual({ baseMs: 1.5, perMs: 0.5 });
  });

  it('a negative slope is clipped to 0, and the intercept is then the mean', () => {
    expect(
      lineThrough([
        { k: 8, ms: 5 },
        { k: 128, ms: 3 },
      ]),
    ).toEqual({ baseMs: 4, perMs: 0 });
  });

  it('an intercept below 0 is clipped to 0, the slope kept', () => {
    expect(
      lineThrough([
        { k: 1, ms: 1 },
        { k: 2, ms: 3 },
      ]),
    ).toEqual({ baseMs: 0, perMs: 2 });
  });
});

describe('calibrationSpecs: the primitive operations a case is made of', () => {
  it('pbft: sign and verify an ed25519 vote, verify a transaction, a Merkle root over the txs at their size', () => {
    expect(calibrationSpecs(consensusSpec('pbft'))).toEqual([
      { name: 'voteSign', spec: { op: 'sign', algorithm: 'ed25519', backend: 'node' } },
      { name: 'voteVerify', spec: { op: 'verify', algorithm: 'ed25519', backend: 'node' } },
      // txScheme secp256k1 is ECDSA, checked on the transactions' backend.
      { name: 'txVerify', spec: { op: 'verify', algorithm: 'ecdsa-secp256k1', backend: 'noble' } },
      // A secp256k1 transaction leaf: 64-byte body, 33-byte compressed key, 64-byte compact signature.
      {
        name: 'merkle',
        spec: { op: 'merkle', algorithm: 'sha256', backend: 'noble', leaves: 64, leafBytes: 161 },
      },
    ]);
  });

  it('ed25519 transactions are verified as ed25519, and hashed as leaves of body + key + signature (64 + 32 + 64)', () => {
    const specs = calibrationSpecs({ ...consensusSpec('pbft'), txScheme: 'ed25519' });
    expect(specs.find((s) => s.name === 'txVerify')?.spec).toEqual({
      op: 'verify',
      algorithm: 'ed25519',
      backend: 'noble',
    });
    const merkle = specs.find((s) => s.name === 'merkle')!.spec;
    expect(merkle).toEqual({ op: 'merkle', algorithm: 'sha256', backend: 'noble', leaves: 64, leafBytes: 160 });
    expect(caseId(merkle, 1)).toBe('merkle/sha256/noble/64leaves-160B/t1');
  });

  it('opaque commands: no transaction verify; the Merkle root over B leaves of the command size', () => {
    const spec: ConsensusSpec = { ...consensusSpec('pbft'), txScheme: 'none', txBytes: 1024 };
    expect(calibrationSpecs(spec)).toEqual([
      { name: 'voteSign', spec: { op: 'sign', algorithm: 'ed25519', backend: 'node' } },
      { name: 'voteVerify', spec: { op: 'verify', algorithm: 'ed25519', backend: 'node' } },
      { name: 'merkle', spec: { op: 'merkle', algorithm: 'sha256', backend: 'noble', leaves: 64, leafBytes: 1024 } },
    ]);
    // No size given: the 128-byte default.
    const dflt = calibrationSpecs({ ...consensusSpec('pbft'), txScheme: 'none' }).find((s) => s.name === 'merkle');
    expect(dflt?.spec).toMatchObject({ leafBytes: 128 });
  });

  it('hotstuff-bls: BLS votes, plus fast-aggregate-verify and aggregate at k = 8 and 128 on the vote backend', () => {
    expect(BLS_SIZES).toEqual([8, 128]);
    expect(calibrationSpecs(consensusSpec('hotstuff-bls'))).toEqual([
      { name: 'voteSign', spec: { op: 'sign', algorithm: 'bls12-381', backend: 'node' } },
      { name: 'voteVerify', spec: { op: 'verify', algorithm: 'bls12-381', backend: 'node' } },
      { name: 'txVerify', spec: { op: 'verify', algorithm: 'ecdsa-secp256k1', backend: 'noble' } },
      // A secp256k1 transaction leaf: 64-byte body, 33-byte compressed key, 64-byte compact signature.
      {
        name: 'merkle',
        spec: { op: 'merkle', algorithm: 'sha256', backend: 'noble', leaves: 64, leafBytes: 161 },
      },
      {
        name: 'aggregateVerify8',
        spec: { op: 'fast-aggregate-verify', algorithm: 'bls12-381', backend: 'node', k: 8 },
      },
      { name: 'aggregate8', spec: { op: 'aggregate', algorithm: 'bls12-381', backend: 'node', k: 8 } },
      {
        name: 'aggregateVerify128',
        spec: { op: 'fast-aggregate-verify', algorithm: 'bls12-381', backend: 'node', k: 128 },
      },
      { name: 'aggregate128', spec: { op: 'aggregate', algorithm: 'bls12-381', backend: 'node', k: 128 } },
    ]);
  });
});

/**
 * Three windows per case whose ms per operation are `ms`, 2 × `ms` and `ms` / 2 (median `ms`),
 * each window `ops` operations long: (endMs − startMs) / ops gives them back exactly.
 */
function windowsOf(ms: number, ops = 4): WindowMeasurement[] {
  return [ms, 2 * ms, ms / 2].map((perOp, i) => ({
    ops,
    startMs: 1000 * (i + 1),
    endMs: 1000 * (i + 1) + ops * perOp,
    latencyMs: [],
  }));
}

/** A Measurer answering from a table of ms per operation by case id; it records what it was asked. */
function fakeMeasurer(msById: Record<string, number>): Measurer & { requests: MeasureRequest[] } {
  const requests: MeasureRequest[] = [];
  const measure = async (request: MeasureRequest): Promise<MeasureResponse> => {
    requests.push(request);
    const ms = msById[caseId(request.spec, 1)];
    if (ms === undefined) throw new Error(`no cost for ${caseId(request.spec, 1)}`);
    return { ok: true, batch: 1, warmup: { ms: 1, steady: true }, windows: windowsOf(ms) };
  };
  return Object.assign(measure, { requests });
}

const PBFT_MS = {
  'sign/ed25519/node/t1': 0.5,
  'verify/ed25519/node/t1': 0.25,
  'verify/ecdsa-secp256k1/noble/t1': 1,
  'merkle/sha256/noble/64leaves-161B/t1': 2,
};

// FastAggregateVerify costs 1 + k/8 ms, aggregation 1/4 + k/16 ms: points on the lines the fits must find.
const BLS_MS = {
  'sign/bls12-381/node/t1': 4,
  'verify/bls12-381/node/t1': 8,
  'verify/ecdsa-secp256k1/noble/t1': 1,
  'merkle/sha256/noble/64leaves-161B/t1': 2,
  'fast-aggregate-verify/bls12-381/node/k8/t1': 2,
  'fast-aggregate-verify/bls12-381/node/k128/t1': 17,
  'aggregate/bls12-381/node/k8/t1': 0.75,
  'aggregate/bls12-381/node/k128/t1': 8.25,
};

function costsOf(r: ConsensusCosts | 'aborted'): ConsensusCosts {
  if (r === 'aborted') throw new Error('calibration was aborted');
  return r;
}

const summary = (c: CalibratedCost) => ({ case: c.case, median: c.median, samples: c.samples });

describe('calibrate: one steady-state measurement per operation', () => {
  it('pbft: each cost is the median ms per operation of its windows over both passes, named by its primitive case id', async () => {
    const measure = fakeMeasurer(PBFT_MS);
    const costs = costsOf(await calibrate(consensusSpec('pbft'), measure, SEED, MODULES));
    expect(costs.source).toEqual({ kind: 'measured' });
    expect(summary(costs.voteSignMs)).toEqual({
      case: 'sign/ed25519/node/t1',
      median: 0.5,
      samples: [0.5, 1, 0.25, 0.5, 1, 0.25],
    });
    expect(summary(costs.voteVerifyMs)).toEqual({
      case: 'verify/ed25519/node/t1',
      median: 0.25,
      samples: [0.25, 0.5, 0.125, 0.25, 0.5, 0.125],
    });
    expect(summary(costs.txVerifyMs)).toEqual({
      case: 'verify/ecdsa-secp256k1/noble/t1',
      median: 1,
      samples: [1, 2, 0.5, 1, 2, 0.5],
    });
    expect(summary(costs.merkleMs)).toEqual({
      case: 'merkle/sha256/noble/64leaves-161B/t1',
      median: 2,
      samples: [2, 4, 1, 2, 4, 1],
    });
    expect(costs.voteVerifyMs.mean).toBeCloseTo((0.25 + 0.5 + 0.125) / 3, 12);
    expect(costs).not.toHaveProperty('bls');
  });

  it('asks for one thread, the calibration windows, the seed and the backend modules', async () => {
    const measure = fakeMeasurer(PBFT_MS);
    await calibrate(consensusSpec('pbft'), measure, SEED, MODULES);
    // Every operation once per pass, the passes one after the other.
    expect(measure.requests.map((r) => caseId(r.spec, 1))).toEqual([...Object.keys(PBFT_MS), ...Object.keys(PBFT_MS)]);
    expect(CALIBRATION_PASSES).toBe(2);
    for (const r of measure.requests) {
      expect(r).toMatchObject({ seed: SEED, threads: 1, backendModules: MODULES, ...CALIBRATION });
      expect(r.barrier.byteLength).toBe(4 * (CALIBRATION.repeat + 1));
    }
    // Only the first pass waits for a steady rate; the second finds each operation warm.
    const ops = Object.keys(PBFT_MS).length;
    expect(measure.requests.map((r) => r.steadyWarmup)).toEqual([
      ...Array<boolean>(ops).fill(true),
      ...Array<boolean>(ops).fill(false),
    ]);
  });

  it('hotstuff-bls: the sized BLS costs and the lines through them', async () => {
    const costs = costsOf(await calibrate(consensusSpec('hotstuff-bls'), fakeMeasurer(BLS_MS), SEED, MODULES));
    expect(costs.voteSignMs.case).toBe('sign/bls12-381/node/t1');
    expect(costs.voteVerifyMs.median).toBe(8);
    const bls = costs.bls!;
    expect(bls.aggregateVerify.map((p) => ({ k: p.k, case: p.ms.case, median: p.ms.median }))).toEqual([
      { k: 8, case: 'fast-aggregate-verify/bls12-381/node/k8/t1', median: 2 },
      { k: 128, case: 'fast-aggregate-verify/bls12-381/node/k128/t1', median: 17 },
    ]);
    expect(bls.aggregate.map((p) => ({ k: p.k, case: p.ms.case, median: p.ms.median }))).toEqual([
      { k: 8, case: 'aggregate/bls12-381/node/k8/t1', median: 0.75 },
      { k: 128, case: 'aggregate/bls12-381/node/k128/t1', median: 8.25 },
    ]);
    // The lines go through each size's fastest window (priceOf), half the median here: (8, 1), (128, 8.5) and (8, 0.375), (128, 4.125).
    expect(bls.aggregateVerifyFit.baseMs).toBeCloseTo(0.5, 12);
    expect(bls.aggregateVerifyFit.perSignerMs).toBeCloseTo(0.0625, 12);
    expect(bls.aggregateFit.baseMs).toBeCloseTo(0.125, 12);
    expect(bls.aggregateFit.perSignatureMs).toBeCloseTo(0.03125, 12);
  });

  it('a measurement that does not come back ok throws a CalibrationError naming the case', async () => {
    const measure: Measurer = async () => ({ ok: false, status: 'skipped', reason: 'x' });
    const run = calibrate(consensusSpec('pbft'), measure, SEED, MODULES);
    await expect(run).rejects.toBeInstanceOf(CalibrationError);
    await expect(run).rejects.toThrow(/^calibrating sign\/ed25519\/node\/t1: skipped: x$/);
  });

  it('an aborted signal returns "aborted" without measuring', async () => {
    const measure = fakeMeasurer(PBFT_MS);
    const signal = AbortSignal.abort();
    expect(await calibrate(consensusSpec('pbft'), measure, SEED, MODULES, signal)).toBe('aborted');
    expect(measure.requests).toHaveLength(0);
  });

  it('an abort between two measurements stops before the next one', async () => {
    const controller = new AbortController();
    const inner = fakeMeasurer(PBFT_MS);
    const measure: Measurer = async (r) => {
      controller.abort();
      return inner(r);
    };
    expect(await calibrate(consensusSpec('pbft'), measure, SEED, MODULES, controller.signal)).toBe('aborted');
    expect(inner.requests).toHaveLength(1);
  });
});

/** A recorded cost whose median is `median` (the model reads only medians). */
const cost = (median: number, id: string): CalibratedCost => ({
  case: id,
  mean: median,
  median,
  ci95: [median, median],
  cv: 0,
  outliers: 0,
  samples: [median],
});

// Prices are powers of two, so every sum below is exact.
const BASE_COSTS: ConsensusCosts = {
  source: { kind: 'measured' },
  voteSignMs: cost(0.5, 'sign/bls12-381/node/t1'),
  voteVerifyMs: cost(0.25, 'verify/bls12-381/node/t1'),
  txVerifyMs: cost(1, 'verify/ed25519/node/t1'),
  merkleMs: cost(2, 'merkle/sha256/node/64leaves/t1'),
};
const BLS_COSTS: ConsensusCosts = {
  ...BASE_COSTS,
  bls: {
    aggregateVerify: [],
    aggregate: [],
    aggregateVerifyFit: { baseMs: 4, perSignerMs: 0.125 },
    aggregateFit: { baseMs: 8, perSignatureMs: 0.0625 },
  },
};

function work(over: Partial<WorkCounts>): WorkCounts {
  return { ...zeroWork(), ...over };
}

describe('costModel: the network model prices counted work at the recorded medians', () => {
  it('each count alone costs its own price', () => {
    const model = costModel(BLS_COSTS);
    const price: Record<keyof WorkCounts, number> = {
      signatures: 0.5,
      voteVerifications: 0.25,
      txVerifications: 1,
      merkleRoots: 2,
      aggregateVerifications: 4,
      aggregateVerifySigners: 0.125,
      aggregations: 8,
      aggregatedSignatures: 0.0625,
    };
    for (const [field, ms] of Object.entries(price)) expect(model.workMs(work({ [field]: 1 })), field).toBe(ms);
  });

  it('workMs is the sum of counts × prices', () => {
    const w = work({
      signatures: 2,
      voteVerifications: 3,
      aggregateVerifications: 5,
      aggregateVerifySigners: 7,
      aggregations: 11,
      aggregatedSignatures: 13,
      txVerifications: 17,
      merkleRoots: 19,
    });
    // 2 × 0.5 + 3 × 0.25 + 17 × 1 + 19 × 2 + 5 × 4 + 7 × 0.125 + 11 × 8 + 13 × 0.0625
    expect(costModel(BLS_COSTS).workMs(w)).toBe(1 + 0.75 + 17 + 38 + 20 + 0.875 + 88 + 0.8125);
    expect(costModel(BLS_COSTS).workMs(zeroWork())).toBe(0);
  });

  it('a batched vote costs one signature added into the aggregate', () => {
    expect(costModel(BLS_COSTS).batchedVoteMs).toBe(0.0625);
  });

  it('verifying a batch of k is the aggregation base, the verify base and k × the per-signer cost', () => {
    const model = costModel(BLS_COSTS);
    expect(model.batchVerifyMs(10)).toBe(8 + 4 + 10 * 0.125);
    expect(model.batchVerifyMs(0)).toBe(12);
  });

  it('without BLS costs the aggregate operations are free', () => {
    const model = costModel(BASE_COSTS);
    expect(model.workMs(work({ signatures: 1, aggregateVerifications: 3, aggregations: 3 }))).toBe(0.5);
    expect(model.batchedVoteMs).toBe(0);
    expect(model.batchVerifyMs(5)).toBe(0);
  });
});

describe('priceOf', () => {
  it('prices an operation at its fastest window, not its median', () => {
    const c = {
      case: 'verify/ed25519/node/t1',
      mean: 2,
      median: 2,
      ci95: [1, 3] as [number, number],
      cv: 0.5,
      outliers: 0,
      samples: [2, 1.25, 3],
    };
    expect(priceOf(c)).toBe(1.25);
  });
});

describe('calibrate: opaque commands', () => {
  it('measures no transaction verify and records none; the model then prices transaction checks at 0', async () => {
    const spec: ConsensusSpec = { ...consensusSpec('pbft'), txScheme: 'none', txBytes: 1024 };
    const measure = fakeMeasurer({
      'sign/ed25519/node/t1': 0.5,
      'verify/ed25519/node/t1': 0.25,
      'merkle/sha256/noble/64leaves-1KiB/t1': 2,
    });
    const costs = costsOf(await calibrate(spec, measure, SEED, MODULES));
    expect(measure.requests.some((r) => r.spec.op === 'verify' && r.spec.algorithm !== 'ed25519')).toBe(false);
    expect(measure.requests.filter((r) => r.spec.op === 'merkle').map((r) => r.spec)).toEqual([
      { op: 'merkle', algorithm: 'sha256', backend: 'noble', leaves: 64, leafBytes: 1024 },
      { op: 'merkle', algorithm: 'sha256', backend: 'noble', leaves: 64, leafBytes: 1024 },
    ]);
    expect(costs).not.toHaveProperty('txVerifyMs');
    expect(costs.merkleMs.case).toBe('merkle/sha256/noble/64leaves-1KiB/t1');
    // Fastest windows: merkle 1, vote verify 0.125; a counted transaction check (there is none) costs 0.
    const model = costModel(costs);
    expect(model.workMs(work({ txVerifications: 5 }))).toBe(0);
    expect(model.workMs(work({ merkleRoots: 1, voteVerifications: 2 }))).toBe(1 + 2 * 0.125);
  });
});

describe('calibrate measures each operation once', () => {
  it('ed25519 votes and ed25519 transactions on one backend share one measurement', async () => {
    const spec: ConsensusSpec = { ...consensusSpec('pbft'), txScheme: 'ed25519', txBackend: 'node' };
    const measure = fakeMeasurer({
      'sign/ed25519/node/t1': 0.5,
      'verify/ed25519/node/t1': 1,
      'merkle/sha256/node/64leaves-160B/t1': 2,
    });
    const costs = costsOf(await calibrate(spec, measure, SEED, MODULES));
    const once = ['sign/ed25519/node/t1', 'verify/ed25519/node/t1', 'merkle/sha256/node/64leaves-160B/t1'];
    expect(measure.requests.map((r) => caseId(r.spec, 1))).toEqual([...once, ...once]);
    expect(costs.txVerifyMs).toEqual(costs.voteVerifyMs);
  });
});

/**
 * A ParallelMeasurer answering `threads` workers from a table of the per-thread ms per operation
 * at each thread count: every worker's window i spans the same wall time, so the common window's
 * per-thread cost is that figure again (threads × wall ÷ all workers' operations).
 */
function fakeParallel(msByThreads: Record<number, number>): ParallelMeasurer & { requests: MeasureRequest[] } {
  const requests: MeasureRequest[] = [];
  const measure = async (request: MeasureRequest): Promise<MeasureResponse[]> => {
    requests.push(request);
    const ms = msByThreads[request.threads];
    if (ms === undefined) throw new Error(`no cost at ${request.threads} threads`);
    return Array.from({ length: request.threads }, () => ({
      ok: true as const,
      batch: 1,
      warmup: { ms: 1, steady: true },
      windows: windowsOf(ms),
    }));
  };
  return Object.assign(measure, { requests });
}

describe('calibrate with validators of several cores: the split check at t workers at once', () => {
  it('measures txVerify at each thread count, in both passes, and records its per-thread cost and efficiency', async () => {
    const measure = fakeMeasurer(PBFT_MS);
    // verify/ecdsa-secp256k1/noble costs 1 ms at one thread; 1.25 ms per thread at 2, 2 ms at 3.
    const parallel = fakeParallel({ 2: 1.25, 3: 2 });
    const costs = costsOf(
      await calibrate(consensusSpec('pbft'), measure, SEED, MODULES, undefined, { threads: [2, 3], measure: parallel }),
    );
    expect(parallel.requests.map((r) => [r.threads, caseId(r.spec, r.threads), r.steadyWarmup])).toEqual([
      [2, 'verify/ecdsa-secp256k1/noble/t2', true],
      [3, 'verify/ecdsa-secp256k1/noble/t3', true],
      [2, 'verify/ecdsa-secp256k1/noble/t2', false],
      [3, 'verify/ecdsa-secp256k1/noble/t3', false],
    ]);
    for (const r of parallel.requests) {
      expect(r).toMatchObject({ seed: SEED, backendModules: MODULES, ...CALIBRATION });
      expect(r.barrier.byteLength).toBe(4 * (CALIBRATION.repeat + 1));
    }
    expect(costs.parallel?.operation).toBe('txVerify');
    const [two, three] = costs.parallel!.points;
    // One sample per common window, over both passes: the windows of a pass are 1.25, 2.5 and 0.625 ms.
    expect(two?.threads).toBe(2);
    expect(summary(two!.ms)).toEqual({
      case: 'verify/ecdsa-secp256k1/noble/t2',
      median: 1.25,
      samples: [1.25, 2.5, 0.625, 1.25, 2.5, 0.625],
    });
    // Fastest windows: 0.5 ms at one thread, 0.625 at two, 1 at three.
    expect(two?.efficiency).toBe(0.8);
    expect(three).toMatchObject({ threads: 3, efficiency: 0.5 });
    expect(three?.ms.case).toBe('verify/ecdsa-secp256k1/noble/t3');
  });

  it('the common window runs from the first worker’s start to the last one’s end, over every worker’s operations', async () => {
    // Two workers of one window: 10 ops in [0, 10] and 30 ops in [2, 12] ms: 2 × 12 ms ÷ 40 ops = 0.6 ms.
    const parallel: ParallelMeasurer = async (request) =>
      [
        { ops: 10, startMs: 0, endMs: 10 },
        { ops: 30, startMs: 2, endMs: 12 },
      ].map((w) => ({
        ok: true as const,
        batch: 1,
        warmup: { ms: 1, steady: true },
        windows: Array.from({ length: request.repeat }, () => ({ ...w, latencyMs: [] })),
      }));
    const costs = costsOf(
      await calibrate(consensusSpec('pbft'), fakeMeasurer(PBFT_MS), SEED, MODULES, undefined, {
        threads: [2],
        measure: parallel,
      }),
    );
    expect(costs.parallel?.points[0]?.ms.samples.every((ms) => Math.abs(ms - 0.6) < 1e-12)).toBe(true);
    expect(costs.parallel?.points[0]?.ms.samples).toHaveLength(CALIBRATION_PASSES * CALIBRATION.repeat);
  });

  it('with opaque commands (txScheme none) the vote check is the split one', async () => {
    const spec: ConsensusSpec = { ...consensusSpec('pbft'), txScheme: 'none' };
    expect(parallelOperation(spec)).toBe('voteVerify');
    expect(parallelOperation(consensusSpec('pbft'))).toBe('txVerify');
    const byId = Object.fromEntries(calibrationSpecs(spec).map((s) => [caseId(s.spec, 1), 0.25]));
    const parallel = fakeParallel({ 2: 0.5 });
    const costs = costsOf(
      await calibrate(spec, fakeMeasurer(byId), SEED, MODULES, undefined, { threads: [2], measure: parallel }),
    );
    expect(caseId(parallel.requests[0]!.spec, 2)).toBe('verify/ed25519/node/t2');
    expect(costs.parallel).toMatchObject({ operation: 'voteVerify', points: [{ threads: 2, efficiency: 0.5 }] });
  });

  it('a per-thread price below the single-thread one is noise: the efficiency is clamped to 1', async () => {
    const costs = costsOf(
      await calibrate(consensusSpec('pbft'), fakeMeasurer(PBFT_MS), SEED, MODULES, undefined, {
        threads: [2],
        measure: fakeParallel({ 2: 0.8 }),
      }),
    );
    expect(costs.parallel?.points[0]?.efficiency).toBe(1);
    expect(clampEfficiency(1.25)).toBe(1);
    expect(clampEfficiency(0.25)).toBe(0.25);
    expect(() => clampEfficiency(0)).toThrow(CalibrationError);
    expect(() => clampEfficiency(Number.NaN)).toThrow('parallel efficiency must be a positive number, got NaN');
  });

  it('no thread counts, or none given: no parallel measurement and no parallel field', async () => {
    const parallel = fakeParallel({ 2: 1 });
    const none = costsOf(
      await calibrate(consensusSpec('pbft'), fakeMeasurer(PBFT_MS), SEED, MODULES, undefined, {
        threads: [],
        measure: parallel,
      }),
    );
    expect(parallel.requests).toHaveLength(0);
    expect(none).not.toHaveProperty('parallel');
    expect(costsOf(await calibrate(consensusSpec('pbft'), fakeMeasurer(PBFT_MS), SEED, MODULES))).not.toHaveProperty(
      'parallel',
    );
  });

  it('a worker’s failure is a CalibrationError naming the case at t threads, not its peer’s abort', async () => {
    const parallel: ParallelMeasurer = async () => [
      { ok: false, status: 'peer-aborted', reason: 'a peer worker failed' },
      { ok: false, status: 'errored', reason: 'Error: boom' },
    ];
    const run = calibrate(consensusSpec('pbft'), fakeMeasurer(PBFT_MS), SEED, MODULES, undefined, {
      threads: [2],
      measure: parallel,
    });
    await expect(run).rejects.toThrow(/^calibrating verify\/ecdsa-secp256k1\/noble\/t2: errored: Error: boom$/);
  });

  it('an abort before a parallel measurement stops it', async () => {
    const controller = new AbortController();
    const parallel = fakeParallel({ 2: 1 });
    const inner = fakeMeasurer(PBFT_MS);
    const measure: Measurer = async (r) => {
      if (inner.requests.length === Object.keys(PBFT_MS).length - 1) controller.abort();
      return inner(r);
    };
    const r = await calibrate(consensusSpec('pbft'), measure, SEED, MODULES, controller.signal, {
      threads: [2],
      measure: parallel,
    });
    expect(r).toBe('aborted');
    expect(parallel.requests).toHaveLength(0);
  });
});

describe('parallelThreadCounts: 2 … min(pool threads, CPUs), for validators of several cores only', () => {
  it('every count from 2 up to the fewer of the pool’s threads and the machine’s parallelism', () => {
    expect(parallelThreadCounts(2, 2, 2)).toEqual([2]);
    expect(parallelThreadCounts(64, 8, 4)).toEqual([2, 3, 4]);
    expect(parallelThreadCounts(2, 3, 16)).toEqual([2, 3]);
  });
  it('none for one core, a pool of one thread or a machine of one CPU', () => {
    expect(parallelThreadCounts(1, 8, 8)).toEqual([]);
    expect(parallelThreadCounts(4, 1, 8)).toEqual([]);
    expect(parallelThreadCounts(4, 8, 1)).toEqual([]);
  });
});

const point = (threads: number, efficiency: number) => ({ threads, efficiency });

describe('efficiencyAt and costModel.efficiency: interpolated between measured thread counts', () => {
  const points = [point(2, 0.8), point(4, 0.6)];

  it('1 at one core (and below); the measured figure at a measured count', () => {
    expect(efficiencyAt(points, 1)).toBe(1);
    expect(efficiencyAt(points, 0)).toBe(1);
    expect(efficiencyAt(points, 2)).toBe(0.8);
    expect(efficiencyAt(points, 4)).toBe(0.6);
  });

  it('linear between 1 core (at 1) and the smallest count, and between neighbours', () => {
    expect(efficiencyAt([point(3, 0.6)], 2)).toBeCloseTo(0.8, 12);
    expect(efficiencyAt(points, 3)).toBeCloseTo(0.7, 12);
    expect(efficiencyAt([point(2, 0.9), point(6, 0.5)], 5)).toBeCloseTo(0.6, 12);
  });

  it('beyond the largest measured count, the largest measured stands in', () => {
    expect(efficiencyAt(points, 5)).toBe(0.6);
    expect(efficiencyAt(points, 1024)).toBe(0.6);
  });

  it('costModel reads the recorded points, in whatever order, and without them every core counts fully', () => {
    const withPoints: ConsensusCosts = {
      ...BASE_COSTS,
      parallel: {
        operation: 'txVerify',
        points: [
          { threads: 4, ms: cost(4, 'verify/ed25519/node/t4'), efficiency: 0.6 },
          { threads: 2, ms: cost(2, 'verify/ed25519/node/t2'), efficiency: 0.8 },
        ],
      },
    };
    const model = costModel(withPoints);
    expect(model.efficiency(1)).toBe(1);
    expect(model.efficiency(3)).toBeCloseTo(0.7, 12);
    expect(model.efficiency(16)).toBe(0.6);
    expect(costModel(BASE_COSTS).efficiency(16)).toBe(1);
    expect(costModel({ ...BASE_COSTS, parallel: { operation: 'txVerify', points: [] } }).efficiency(16)).toBe(1);
  });
});
