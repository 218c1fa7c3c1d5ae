/**
 * Calibration: before a consensus case's rounds, every crypto operation its rounds use is measured
 * in steady state with the primitive harness (src/pool/worker.ts: warm-up until the rate settles,
 * then timed windows) on one worker thread, on the case's own backends. The network model prices
 * the executed rounds' work with these costs, so the modeled round time depends on what the round
 * did and on how fast this machine does each operation, not on the preemptions of n validators
 * sharing two cores. The costs are recorded in the case (`costs`).
 */
import { summarizeRate } from '../measure/stats.js';
import { caseId } from '../results/case-id.js';
import { txAlgorithm, txLeafBytes } from './block.js';
import { voteAlgorithm } from './crypto.js';
import { PROTOCOL_SPECS } from './protocols/index.js';
import type { MeasureRequest, MeasureResponse } from '../pool/messages.js';
import type { WorkloadSpec } from '../workloads/types.js';
import type { CalibratedCost, ConsensusCosts } from '../results/schema.js';
import type { CostModel } from './network.js';
import type { WorkCounts } from './messages.js';
import type { ConsensusSpec } from './types.js';

/** Runs one primitive measurement on a worker (the consensus pool), as the primitive harness would. */
export type Measurer = (request: MeasureRequest) => Promise<MeasureResponse>;

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

/** One measurement of an operation: its cost per operation, ms, one sample per window. */
async function measureWindows(
  measure: Measurer,
  spec: WorkloadSpec,
  seed: number,
  backendModules: string[],
  steadyWarmup: boolean,
): Promise<number[]> {
  const request: MeasureRequest = {
    spec,
    seed,
    ...CALIBRATION,
    steadyWarmup,
    threads: 1,
    barrier: new SharedArrayBuffer(4 * (CALIBRATION.repeat + 1)),
    backendModules,
  };
  const r = await measure(request);
  if (!r.ok) throw new CalibrationError(`calibrating ${caseId(spec, 1)}: ${r.status}: ${r.reason}`);
  return r.windows.map((w) => (w.endMs - w.startMs) / w.ops);
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
): Promise<ConsensusCosts | 'aborted'> {
  // The same operation twice (ed25519 votes and transactions on one backend) is measured once.
  const unique = new Map<string, WorkloadSpec>();
  for (const { spec: s } of calibrationSpecs(spec)) unique.set(caseId(s, 1), s);
  const windows = new Map<string, number[]>();
  for (let pass = 0; pass < CALIBRATION_PASSES; pass++) {
    for (const [id, s] of unique) {
      if (signal?.aborted) return 'aborted';
      const measured = await measureWindows(measure, s, seed, backendModules, pass === 0);
      windows.set(id, [...(windows.get(id) ?? []), ...measured]);
    }
  }
  const measured = new Map<string, CalibratedCost>();
  for (const { name, spec: s } of calibrationSpecs(spec)) {
    const id = caseId(s, 1);
    measured.set(name, { case: id, ...summarizeRate(windows.get(id) ?? []) });
  }
  return assembleCosts(spec, measured, { kind: 'measured' });
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

/** The network model's prices from recorded costs (each operation's fastest window, see priceOf). */
export function costModel(costs: ConsensusCosts): CostModel {
  const bls = costs.bls;
  const fav = bls?.aggregateVerifyFit ?? { baseMs: 0, perSignerMs: 0 };
  const agg = bls?.aggregateFit ?? { baseMs: 0, perSignatureMs: 0 };
  const sign = priceOf(costs.voteSignMs);
  const verify = priceOf(costs.voteVerifyMs);
  // Opaque commands are not verified: no cost recorded, and none counted.
  const tx = costs.txVerifyMs ? priceOf(costs.txVerifyMs) : 0;
  const merkle = priceOf(costs.merkleMs);
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
    efficiency: () => 1,
  };
}
