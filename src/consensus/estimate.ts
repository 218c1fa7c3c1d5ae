/**
 * A rough duration for each consensus case, to refuse obviously hopeless runs before they start:
 * the fault-free work of a round (work.ts) times operation costs measured here on the main thread
 * in a fraction of a second, divided over the worker threads.
 */
import { performance } from 'node:perf_hooks';
import { InputError } from '../core/errors.js';
import { si } from '../format/table.js';
import { seededBytes } from '../workloads/inputs.js';
import type { Backend, BlsImpl, SignatureImpl } from '../workloads/types.js';
import { resolveImpls, validatorSecret } from './crypto.js';
import { PROTOCOL_SPECS } from './protocols/index.js';
import { quorumSize } from './rules.js';
import { expectedWork, type ExpectedWork } from './work.js';
import { MIN_SAMPLE } from './sampling.js';
import type { PlannedConsensusCase } from './plan.js';
import type { Plan } from '../scenario/types.js';
import type { PlannedCaseBase } from '../scenario/kind.js';

const isConsensus = (c: PlannedCaseBase): c is PlannedConsensusCase => c.kind === 'consensus';

/** A case estimated to take longer than this is refused unless --force. */
export const MAX_ESTIMATED_MS = 60 * 60 * 1000;
/** Main-thread cost of dispatching one pool task and routing its messages, ms (about 90 µs measured here). */
const DISPATCH_MS = 0.1;

export interface OpCosts {
  keygenMs: number;
  signMs: number;
  verifyMs: number;
  /** Per signature added into an aggregate (decoding a G2 point dominates). */
  aggregatePerSignatureMs: number;
  txVerifyMs: number;
}

function timeEach(count: number, f: (i: number) => void): number {
  const t0 = performance.now();
  for (let i = 0; i < count; i++) f(i);
  return (performance.now() - t0) / count;
}

const costCache = new Map<string, OpCosts>();

/** Measure the operations a case's round is made of, once per scheme and backend. */
export function measureCosts(c: PlannedConsensusCase, backends: Map<string, Backend>): OpCosts | null {
  const key = `${c.spec.protocol}|${c.spec.backend}|${c.spec.txScheme}|${c.spec.txBackend}`;
  const hit = costCache.get(key);
  if (hit) return hit;
  const impls = resolveImpls(c.spec, backends);
  if ('unsupported' in impls) return null;
  const slow = impls.bls !== null;
  const reps = slow ? 2 : 16;
  const msg = seededBytes(0, 'estimate', 32);
  const measure = (impl: SignatureImpl) => {
    const keys = [impl.keyFromSeed(validatorSecret(0, 0))];
    const keygenMs = timeEach(reps, (i) => keys.push(impl.keyFromSeed(validatorSecret(0, i + 1))));
    const sigs: Uint8Array[] = [];
    const signMs = timeEach(reps, (i) => sigs.push(impl.sign(msg, keys[i]!.secret)));
    const verifyMs = timeEach(reps, (i) => impl.verify(sigs[i]!, msg, keys[i]!.public));
    return { keygenMs, signMs, verifyMs, sigs };
  };
  const vote = measure(impls.vote);
  // Opaque commands have no signature to check (their Merkle root is not worth an estimate).
  const tx = impls.tx ? measure(impls.tx) : { verifyMs: 0 };
  const aggregatePerSignatureMs = impls.bls
    ? timeEach(1, () => (impls.bls as BlsImpl).aggregateSignatures(vote.sigs)) / vote.sigs.length
    : 0;
  const costs = {
    keygenMs: vote.keygenMs,
    signMs: vote.signMs,
    verifyMs: vote.verifyMs,
    aggregatePerSignatureMs,
    txVerifyMs: tx.verifyMs,
  };
  costCache.set(key, costs);
  return costs;
}

export function checksPerRound(w: ExpectedWork): number {
  return w.voteVerifications + w.aggregateVerifications + w.txVerifications;
}

/** Main-thread cost of routing one message and replaying it in the network model, ms (measured here at n = 1024). */
const ROUTE_MS = 0.002;

/** Above this estimate a case whose plan leaves the sample open samples its validators. */
export const SAMPLE_ABOVE_MS = 3 * 60 * 1000;

/**
 * Estimated wall time of a whole case (setup and every round), ms. With a sample of s validators,
 * only s/n of the checks run on the pool; every validator still signs (on the main thread).
 */
export function estimateCaseMs(c: PlannedConsensusCase, costs: OpCosts): number {
  const n = c.spec.nodes;
  const w = expectedWork(PROTOCOL_SPECS[c.spec.protocol], n, c.spec.txs, c.spec.txScheme);
  const share = c.sample !== undefined && c.sample > 0 && c.sample < n ? c.sample / n : 1;
  const checksMs =
    (w.voteVerifications + w.aggregateVerifications) * costs.verifyMs +
    w.aggregations * quorumSize(n) * costs.aggregatePerSignatureMs +
    w.txVerifications * costs.txVerifyMs;
  const signMs = w.signatures * costs.signMs;
  const dispatchMs = PROTOCOL_SPECS[c.spec.protocol].steps.length * n * share * DISPATCH_MS;
  const roundMs =
    share < 1
      ? (checksMs * share) / c.threads + signMs + dispatchMs + w.messages * ROUTE_MS
      : (checksMs + signMs) / c.threads + dispatchMs;
  return n * costs.keygenMs + c.rounds * roundMs;
}

/**
 * Cases estimated over SAMPLE_ABOVE_MS whose plan leaves the sample open (no `sample` in the
 * scenario, no --sample) execute a sample of MIN_SAMPLE validators instead, and their estimate is
 * redone; what sampling cannot bring under the hour is refused afterwards (refuseSlowCases).
 */
export function sampleLargeCases(plan: Plan<PlannedCaseBase>, backends: Map<string, Backend>): void {
  for (const c of plan.cases.filter(isConsensus)) {
    if (c.sample !== undefined || c.estimatedMs === undefined || c.estimatedMs <= SAMPLE_ABOVE_MS) continue;
    if (c.spec.nodes <= MIN_SAMPLE) continue;
    c.sample = MIN_SAMPLE;
    const costs = measureCosts(c, backends);
    if (costs) c.estimatedMs = estimateCaseMs(c, costs);
  }
}

/** Fill each consensus case's `estimatedMs` (for the progress ETA and the guard). */
export function estimatePlan(plan: Plan<PlannedCaseBase>, backends: Map<string, Backend>): void {
  for (const c of plan.cases.filter(isConsensus)) {
    const costs = measureCosts(c, backends);
    if (!costs) continue;
    c.estimatedMs = estimateCaseMs(c, costs);
    c.verifyMs = costs.verifyMs;
  }
}

/** "2.3 h", "14 min", "40 s": a rough duration. */
export function roughDuration(ms: number): string {
  if (ms >= 3_600_000) return `${(ms / 3_600_000).toFixed(1)} h`;
  if (ms >= 60_000) return `${Math.round(ms / 60_000)} min`;
  return `${Math.max(1, Math.round(ms / 1000))} s`;
}

/**
 * Refuse a plan with a case estimated to take longer than `limitMs` (an hour), unless forced. The
 * message gives the estimate in minutes at the speed measured here, and the work of a round.
 */
export function refuseSlowCases(plan: Plan<PlannedCaseBase>, force: boolean, limitMs = MAX_ESTIMATED_MS): void {
  if (force) return;
  for (const c of plan.cases.filter(isConsensus)) {
    if (c.estimatedMs === undefined || c.estimatedMs <= limitMs) continue;
    const w = expectedWork(PROTOCOL_SPECS[c.spec.protocol], c.spec.nodes, c.spec.txs, c.spec.txScheme);
    const votes = w.voteVerifications + w.aggregateVerifications;
    const how = [
      ...(c.estimatedMs >= 3_600_000 ? [`${Math.round(c.estimatedMs / 60_000)} min`] : []),
      ...(c.verifyMs ? [`at ${si(1000 / c.verifyMs)} vote checks/s measured on this machine`] : []),
    ].join(' ');
    const work = `${si(votes)} vote and ${si(w.txVerifications)} transaction signature checks a round × ${c.rounds} rounds on ${c.threads} thread${c.threads === 1 ? '' : 's'}`;
    throw new InputError(
      plan.scenario.file,
      '',
      `case ${c.id} would take about ${roughDuration(c.estimatedMs)} (${how ? `${how}: ` : ''}${work}); ` +
        'lower --nodes, --rounds or --txs, or pass --force to run it anyway',
    );
  }
}
