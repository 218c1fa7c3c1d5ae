/**
 * Calibration: before a consensus case's rounds, every crypto operation its rounds use is measured
 * in steady state with the primitive harness (src/pool/worker.ts: warm-up until the rate settles,
 * then timed windows) on one worker thread, on the case's own backends. The network model prices
 * the executed rounds' work with these costs, so the modeled round time depends on what the round
 * did and on how fast this machine does each operation, not on the preemptions of n validators
 * sharing two cores. The costs are recorded in the case (`costs`).
 */
import { availableParallelism } from 'node:os';
import { summarizeRate } from '../measure/stats.js';
import { caseId } from '../results/case-id.js';
import { txAlgorithm, txLeafBytes } from './block.js';
import { voteAlgorithm } from './crypto.js';
import { PROTOCOL_SPECS } from './protocols/index.js';
import type { MeasureRequest, MeasureResponse } from '../pool/messages.js';
import type { WorkloadSpec } from '../workloads/types.js';
import type { CalibratedCost, ConsensusCosts, ParallelOperation } from '../results/schema.js';
import type { CostModel } from './network.js';
import type { WorkCounts } from './messages.js';
import type { ConsensusSpec } from './types.js';

/** Runs one primitive measurement on a worker (the consensus pool), as the primitive harness would. */
export type Measurer = (request: MeasureRequest) => Promise<MeasureResponse>;

/** Runs one primitive measurement on `request.threads` workers at once, one response per worker. */
export type ParallelMeasurer = (request: MeasureRequest) => Promise<MeasureResponse[]>;

/**
 * What a calibration measures besides the single-thread costs, for validators with many cores:
 * the block's signature check at each of these thread counts, on `measure`.
 */
export interface ParallelCalibration {
  threads: readonly number[];
  measure: ParallelMeasurer;
}

/** Windows of the calibration: short, but each after the harness's steady-state warm-up. */
export const CALIBRATION = { warmupMs: 100, timeMs: 60, repeat: 5 } as const;

/**
 * Every operation is measured in this many passes over the list, one after the other, and its
 * windows pooled: a slow spell of the machine (a busy neighbour, a throttled virtual CPU) that
 * lasts a second or two then spoils one pass of an operation, not its price. Only the first pass
 * warms each operation up to a steady rate (up to a second each on a noisy machine); the later
 * ones find it compiled and take the minimum warm-up.
 */
export const CALIBRATION_PASSES = 2;

/** The two aggregate sizes BLS costs are measured at; costs at other k come from the line through them. */
export const BLS_SIZES = [8, 128] as const;

/**
 * The primitive operations a case's rounds are made of. The Merkle root is measured over leaves of
 * the block's own size (a signed transaction's body, key and signature, or an opaque command);
 * opaque commands have no transaction signature to verify, so no txVerify.
 */
export function calibrationSpecs(spec: ConsensusSpec): { name: string; spec: WorkloadSpec }[] {
  const voteScheme = PROTOCOL_SPECS[spec.protocol].voteScheme;
  const scheme = voteAlgorithm(voteScheme);
  const tx = txAlgorithm(spec.txScheme);
  const leafBytes = txLeafBytes(spec.txScheme, spec.txBytes);
  const out: { name: string; spec: WorkloadSpec }[] = [
    { name: 'voteSign', spec: { op: 'sign', algorithm: scheme, backend: spec.backend } },
    { name: 'voteVerify', spec: { op: 'verify', algorithm: scheme, backend: spec.backend } },
    ...(tx ? [{ name: 'txVerify', spec: { op: 'verify', algorithm: tx, backend: spec.txBackend } as const }] : []),
    {
      name: 'merkle',
      spec: { op: 'merkle', algorithm: 'sha256', backend: spec.txBackend, leaves: spec.txs, leafBytes },
    },
  ];
  if (voteScheme === 'bls12-381') {
    for (const k of BLS_SIZES) {
      out.push({
        name: `aggregateVerify${k}`,
        spec: { op: 'fast-aggregate-verify', algorithm: scheme, backend: spec.backend, k },
      });
      out.push({ name: `aggregate${k}`, spec: { op: 'aggregate', algorithm: scheme, backend: spec.backend, k } });
    }
  }
  return out;
}

/** The calibration's request for one operation on `threads` workers: short windows, one barrier slot per window. */
function calibrationRequest(
  spec: WorkloadSpec,
  threads: number,
  seed: number,
  backendModules: string[],
  steadyWarmup: boolean,
): MeasureRequest {
  return {
    spec,
    seed,
    ...CALIBRATION,
    steadyWarmup,
    threads,
    barrier: new SharedArrayBuffer(4 * (CALIBRATION.repeat + 1)),
    backendModules,
  };
}

/** One measurement of an operation: its cost per operation, ms, one sample per window. */
async function measureWindows(
  measure: Measurer,
  spec: WorkloadSpec,
  seed: number,
  backendModules: string[],
  steadyWarmup: boolean,
): Promise<number[]> {
  const r = await measure(calibrationRequest(spec, 1, seed, backendModules, steadyWarmup));
  if (!r.ok) throw new CalibrationError(`calibrating ${caseId(spec, 1)}: ${r.status}: ${r.reason}`);
  return r.windows.map((w) => (w.endMs - w.startMs) / w.ops);
}

/**
 * One measurement on `threads` workers at once (every worker's window i opens at the same barrier):
 * per common window, the per-thread cost of one operation, threads × wall ÷ every worker's
 * operations, the wall running from the first worker's start to the last one's end. This is the
 * aggregate throughput over a common window of a primitive case at that many threads
 * (src/primitive/aggregate.ts), turned into ms per operation per thread; the fastest worker's own
 * window would flatter the machine.
 */
async function measureTogether(
  measure: ParallelMeasurer,
  spec: WorkloadSpec,
  threads: number,
  seed: number,
  backendModules: string[],
  steadyWarmup: boolean,
): Promise<number[]> {
  const responses = await measure(calibrationRequest(spec, threads, seed, backendModules, steadyWarmup));
  const id = caseId(spec, threads);
  // A worker that stopped because a peer failed says nothing: the peer's own failure explains the case.
  const failed = responses.find((r) => !r.ok && r.status !== 'peer-aborted') ?? responses.find((r) => !r.ok);
  if (failed && !failed.ok) throw new CalibrationError(`calibrating ${id}: ${failed.status}: ${failed.reason}`);
  const ok = responses.filter((r) => r.ok);
  if (ok.length !== threads)
    throw new CalibrationError(`calibrating ${id}: ${ok.length} workers answered, not ${threads}`);
  const windows = ok[0]?.windows.length ?? 0;
  if (ok.some((r) => r.windows.length !== windows))
    throw new CalibrationError(`calibrating ${id}: the workers measured different numbers of windows`);
  const out: number[] = [];
  for (let w = 0; w < windows; w++) {
    let ops = 0;
    let start = Infinity;
    let end = -Infinity;
    for (const r of ok) {
      const m = r.windows[w]!;
      ops += m.ops;
      start = Math.min(start, m.startMs);
      end = Math.max(end, m.endMs);
    }
    out.push((threads * (end - start)) / ops);
  }
  return out;
}

/**
 * The signature check whose parallel efficiency a case needs: the block's transaction signatures,
 * which a validator with many cores splits over them; with opaque commands (`txScheme: none`) the
 * block has none, and the certificates' vote signatures are what is split.
 */
export function parallelOperation(spec: ConsensusSpec): ParallelOperation {
  return spec.txScheme === 'none' ? 'voteVerify' : 'txVerify';
}

/**
 * The thread counts the parallel efficiency is measured at: every count from 2 to the case's pool
 * threads or this machine's parallelism, whichever is fewer (threads beyond the CPUs only share
 * them); none for validators of one core, which need no efficiency, and none on a pool of one thread.
 */
export function parallelThreadCounts(
  validatorCores: number,
  poolThreads: number,
  parallelism = availableParallelism(),
): number[] {
  if (validatorCores <= 1) return [];
  const most = Math.min(poolThreads, parallelism);
  return Array.from({ length: Math.max(0, most - 1) }, (_, i) => i + 2);
}

/**
 * Parallel efficiency from a ratio of prices (one thread ÷ t threads), clamped to (0, 1]. A figure
 * above 1 is noise: t busy cores share caches, memory bandwidth and the power budget, so none runs
 * faster than one core alone; such a figure only says that the single-thread windows were
 * disturbed more than the t-thread ones, and it is read as 1.
 */
export function clampEfficiency(ratio: number): number {
  if (!(ratio > 0)) throw new CalibrationError(`parallel efficiency must be a positive number, got ${ratio}`);
  return Math.min(1, ratio);
}

/**
 * The parallel efficiency at `cores` from measured points, in ascending thread counts (each at
 * least 2; the reader refuses others): 1 at one core; linear between measured
 * thread counts (and between 1 core, at 1, and the smallest); beyond the largest measured thread
 * count, that count's efficiency: the largest measured stands in, since this machine cannot say
 * how one with more cores scales. Without points (no `parallel` in the costs), 1.
 */
export function efficiencyAt(points: readonly { threads: number; efficiency: number }[], cores: number): number {
  if (cores <= 1) return 1;
  let below = { threads: 1, efficiency: 1 };
  for (const p of points) {
    if (cores <= p.threads) {
      const share = (cores - below.threads) / (p.threads - below.threads);
      return below.efficiency + share * (p.efficiency - below.efficiency);
    }
    below = p;
  }
  return below.efficiency;
}

export class CalibrationError extends Error {
  override name = 'CalibrationError';
}

/** Least squares line through (k, ms) points: intercept and slope, the intercept never below 0. */
export function lineThrough(points: readonly { k: number; ms: number }[]): { baseMs: number; perMs: number } {
  const n = points.length;
  const mk = points.reduce((s, p) => s + p.k, 0) / n;
  const mm = points.reduce((s, p) => s + p.ms, 0) / n;
  const sxx = points.reduce((s, p) => s + (p.k - mk) ** 2, 0);
  const slope = sxx === 0 ? 0 : points.reduce((s, p) => s + (p.k - mk) * (p.ms - mm), 0) / sxx;
  const perMs = Math.max(0, slope);
  return { baseMs: Math.max(0, mm - perMs * mk), perMs };
}

/** Measure every cost a case's rounds use. */
export async function calibrate(
  spec: ConsensusSpec,
  measure: Measurer,
  seed: number,
  backendModules: string[],
  signal?: AbortSignal,
  parallel?: ParallelCalibration,
): Promise<ConsensusCosts | 'aborted'> {
  // The same operation twice (ed25519 votes and transactions on one backend) is measured once.
  const unique = new Map<string, WorkloadSpec>();
  for (const { spec: s } of calibrationSpecs(spec)) unique.set(caseId(s, 1), s);
  const windows = new Map<string, number[]>();
  const operation = parallelOperation(spec);
  const parallelSpec = calibrationSpecs(spec).find((s) => s.name === operation)!.spec;
  const parallelWindows = new Map<number, number[]>();
  for (let pass = 0; pass < CALIBRATION_PASSES; pass++) {
    for (const [id, s] of unique) {
      if (signal?.aborted) return 'aborted';
      const measured = await measureWindows(measure, s, seed, backendModules, pass === 0);
      windows.set(id, [...(windows.get(id) ?? []), ...measured]);
    }
    // In the same passes as the single-thread costs, so that a slow spell spoils one pass of each.
    for (const t of parallel?.threads ?? []) {
      if (signal?.aborted) return 'aborted';
      const measured = await measureTogether(parallel!.measure, parallelSpec, t, seed, backendModules, pass === 0);
      parallelWindows.set(t, [...(parallelWindows.get(t) ?? []), ...measured]);
    }
  }
  const measured = new Map<string, CalibratedCost>();
  for (const { name, spec: s } of calibrationSpecs(spec)) {
    const id = caseId(s, 1);
    measured.set(name, { case: id, ...summarizeRate(windows.get(id) ?? []) });
  }
  const costs = assembleCosts(spec, measured, { kind: 'measured' });
  if (parallelWindows.size > 0) {
    // txVerify is the operation only for signed transactions, whose cost was measured above.
    const one = priceOf((operation === 'txVerify' ? costs.txVerifyMs : undefined) ?? costs.voteVerifyMs);
    costs.parallel = {
      operation,
      points: [...parallelWindows].map(([threads, ms]) => {
        const at: CalibratedCost = { case: caseId(parallelSpec, threads), ...summarizeRate(ms) };
        return { threads, ms: at, efficiency: clampEfficiency(one / priceOf(at)) };
      }),
    };
  }
  return costs;
}

/**
 * A case's costs from the cost of each operation, keyed by its name in calibrationSpecs (measured
 * here, or read from a result file); the BLS lines are fitted through the prices (priceOf).
 */
export function assembleCosts(
  spec: ConsensusSpec,
  byName: ReadonlyMap<string, CalibratedCost>,
  source: ConsensusCosts['source'],
): ConsensusCosts {
  const get = (name: string): CalibratedCost => {
    const c = byName.get(name);
    if (!c) throw new CalibrationError(`no calibrated cost for ${name}`);
    return c;
  };
  const costs: ConsensusCosts = {
    source,
    voteSignMs: get('voteSign'),
    voteVerifyMs: get('voteVerify'),
    ...(txAlgorithm(spec.txScheme) ? { txVerifyMs: get('txVerify') } : {}),
    merkleMs: get('merkle'),
  };
  if (PROTOCOL_SPECS[spec.protocol].voteScheme === 'bls12-381') {
    const aggregateVerify = BLS_SIZES.map((k) => ({ k, ms: get(`aggregateVerify${k}`) }));
    const aggregate = BLS_SIZES.map((k) => ({ k, ms: get(`aggregate${k}`) }));
    const fav = lineThrough(aggregateVerify.map((p) => ({ k: p.k, ms: priceOf(p.ms) })));
    const agg = lineThrough(aggregate.map((p) => ({ k: p.k, ms: priceOf(p.ms) })));
    costs.bls = {
      aggregateVerify,
      aggregate,
      aggregateVerifyFit: { baseMs: fav.baseMs, perSignerMs: fav.perMs },
      aggregateFit: { baseMs: agg.baseMs, perSignatureMs: agg.perMs },
    };
  }
  return costs;
}

/**
 * The price of an operation: its fastest measured window. Interference (another process, the
 * other worker, a slower virtual CPU) only ever makes a window slower, so the fastest window is
 * the best estimate of what one validator's own core would give, and the one least moved by a busy
 * neighbour; the recorded Rate keeps every window.
 */
export function priceOf(c: CalibratedCost): number {
  return c.samples.length > 0 ? Math.min(...c.samples) : c.median;
}

/**
 * The network model's prices from recorded costs (each operation's fastest window, see priceOf),
 * and the parallel efficiency at c cores from the recorded points (efficiencyAt; 1 without them).
 */
export function costModel(costs: ConsensusCosts): CostModel {
  const bls = costs.bls;
  const fav = bls?.aggregateVerifyFit ?? { baseMs: 0, perSignerMs: 0 };
  const agg = bls?.aggregateFit ?? { baseMs: 0, perSignatureMs: 0 };
  const sign = priceOf(costs.voteSignMs);
  const verify = priceOf(costs.voteVerifyMs);
  // Opaque commands are not verified: no cost recorded, and none counted.
  const tx = costs.txVerifyMs ? priceOf(costs.txVerifyMs) : 0;
  const merkle = priceOf(costs.merkleMs);
  const points = [...(costs.parallel?.points ?? [])].sort((a, b) => a.threads - b.threads);
  return {
    workMs: (w: Readonly<WorkCounts>) =>
      w.signatures * sign +
      w.voteVerifications * verify +
      w.txVerifications * tx +
      w.merkleRoots * merkle +
      w.aggregateVerifications * fav.baseMs +
      w.aggregateVerifySigners * fav.perSignerMs +
      w.aggregations * agg.baseMs +
      w.aggregatedSignatures * agg.perSignatureMs,
    batchedVoteMs: agg.perSignatureMs,
    batchVerifyMs: (k: number) => agg.baseMs + fav.baseMs + k * fav.perSignerMs,
    // Points sorted once here, not at every message the model prices.
    efficiency: (cores: number) => efficiencyAt(points, cores),
  };
}
