/**
 * One consensus case from plan to result: check the crypto against known answers, build the block,
 * set the workers up (untimed), run the rounds, replay each through the network model, and report.
 */
import { performance } from 'node:perf_hooks';
import { checkSignatureScheme } from '../workloads/signature.js';
import { checkBlsAggregation } from '../workloads/bls.js';
import { checkHashVectors } from '../workloads/hash.js';
import { nobleBackend } from '../workloads/backends/noble.js';
import type { BlsImpl, SignatureImpl } from '../workloads/types.js';
import { buildBlock, proposalBlockBytes, txAlgorithm } from './block.js';
import { buildCrypto, resolveImpls, voteAlgorithm } from './crypto.js';
import { RoundEngine, type RoundRecord } from './engine.js';
import { consensusMetrics, roundPhases, roundProblems } from './metrics.js';
import { simulatePipeline, simulateRound } from './replay.js';
import type { ModeledRound, Pricing } from './network.js';
import { calibrate, costModel, parallelThreadCounts } from './calibrate.js';
import { PROTOCOL_SPECS } from './protocols/index.js';
import { faultTolerance, quorumSize } from './rules.js';
import type { ConsensusPool } from './pool.js';
import type { ConsensusSetup } from './messages.js';
import type { MeasureRequest } from '../pool/messages.js';
import type { PlannedConsensusCase } from './plan.js';
import type { RunContext } from '../scenario/kind.js';
import type { ConsensusCaseResult } from '../results/schema.js';

export type ConsensusRunContext = RunContext<ConsensusPool>;

function cached(selfTests: Map<string, string | null>, key: string, run: () => string | null): string | null {
  if (!selfTests.has(key)) {
    try {
      selfTests.set(key, run());
    } catch (err) {
      selfTests.set(key, `check threw ${(err as Error).name}: ${(err as Error).message}`);
    }
  }
  return selfTests.get(key) ?? null;
}

/**
 * Correct before fast: the vote scheme, the transaction scheme and SHA-256 pass their known-answer
 * and tamper checks. Opaque commands (`txScheme: none`) have no transaction signatures: only the
 * hash vectors of the transaction backend are checked.
 */
function selfTestCrypto(
  c: PlannedConsensusCase,
  impls: {
    vote: SignatureImpl;
    bls: BlsImpl | null;
    tx: SignatureImpl | null;
    hash: { hash(m: Uint8Array): Uint8Array };
  },
  ctx: ConsensusRunContext,
): string | null {
  const { spec } = c;
  const scheme = PROTOCOL_SPECS[spec.protocol].voteScheme;
  const voteRef = (
    scheme === 'bls12-381' ? nobleBackend.bls() : nobleBackend.signature(voteAlgorithm(scheme))
  ) as SignatureImpl;
  const txAlg = txAlgorithm(spec.txScheme);
  const tx = impls.tx;
  return (
    cached(
      ctx.selfTests,
      `consensus|${scheme}|${spec.backend}`,
      () =>
        checkSignatureScheme(voteAlgorithm(scheme), impls.vote, voteRef, ctx.seed) ??
        (impls.bls ? checkBlsAggregation(impls.bls, ctx.seed) : null),
    ) ??
    cached(
      ctx.selfTests,
      `consensus|${txAlg ?? 'sha256'}|${spec.txBackend}`,
      () =>
        (txAlg && tx
          ? checkSignatureScheme(txAlg, tx, nobleBackend.signature(txAlg) as SignatureImpl, ctx.seed)
          : null) ?? checkHashVectors('sha256', impls.hash),
    )
  );
}

/** The fields every result of this case carries, whatever its status. */
export function consensusCaseHead(c: PlannedConsensusCase) {
  const { spec } = c;
  const protocol = PROTOCOL_SPECS[spec.protocol];
  return {
    id: c.id,
    kind: 'consensus' as const,
    op: 'consensus' as const,
    algorithm: spec.protocol,
    protocol: spec.protocol,
    backend: spec.backend,
    params: {
      nodes: spec.nodes,
      f: faultTolerance(spec.nodes),
      quorum: quorumSize(spec.nodes),
      voteScheme: protocol.voteScheme,
      txs: spec.txs,
      txScheme: spec.txScheme,
      ...(spec.txBytes !== undefined ? { txBytes: spec.txBytes } : {}),
      ...(spec.payload !== undefined ? { payload: spec.payload } : {}),
      txBackend: spec.txBackend,
      faulty: spec.faulty,
      fault: spec.fault,
      ...(protocol.pipeline ? { commitChain: protocol.pipeline.commitChain } : {}),
    },
    threads: c.threads,
    settings: {
      rounds: c.rounds,
      repeat: c.rounds,
      network: { ...c.network },
      validatorCores: c.validatorCores,
      ...(c.sample !== undefined ? { sample: c.sample } : {}),
    },
    wallMs: 0,
    ...(c.thresholdPct !== undefined ? { thresholdPct: c.thresholdPct } : {}),
  };
}

/**
 * Cases whose rounds use the same operations share one calibration; the thread counts of the
 * parallel efficiency are part of it, so that validators of one core do not pay for that
 * measurement and validators of several get it.
 */
export function calibrationKey(spec: PlannedConsensusCase['spec'], parallelThreads: readonly number[] = []): string {
  return [
    'calibration',
    PROTOCOL_SPECS[spec.protocol].voteScheme,
    spec.backend,
    spec.txScheme,
    spec.txBackend,
    spec.txs,
    spec.txBytes,
    `parallel:${parallelThreads.join(',')}`,
  ].join('|');
}

export async function runConsensusCase(
  c: PlannedConsensusCase,
  ctx: ConsensusRunContext,
): Promise<ConsensusCaseResult | 'aborted'> {
  const { spec } = c;
  const protocol = PROTOCOL_SPECS[spec.protocol];
  const f = faultTolerance(spec.nodes);
  const common = consensusCaseHead(c);
  const impls = resolveImpls(spec, ctx.backends);
  if ('unsupported' in impls) return { ...common, status: 'skipped', error: impls.unsupported };
  const failed = selfTestCrypto(c, impls, ctx);
  if (failed) return { ...common, status: 'failed-check', error: failed };

  try {
    const block = buildBlock(ctx.seed, spec.txs, spec.txScheme, spec.txBytes);
    const setup: ConsensusSetup = {
      protocol: spec.protocol,
      backend: spec.backend,
      nodes: spec.nodes,
      seed: ctx.seed,
      txs: spec.txs,
      txScheme: spec.txScheme,
      txBackend: spec.txBackend,
      backendModules: ctx.backendModules,
      block: block.buffer,
    };
    const pool = ctx.pool();
    const t0 = performance.now();
    await pool.setup(setup);
    // Costs do not depend on n: one calibration serves every case of the same schemes, backends and block size.
    // Costs read from another machine's result file (`--costs-from`) were resolved when planning.
    // Validators of several cores: the split signature check also at 2 … min(pool threads, CPUs) workers at once.
    const parallel = {
      threads: parallelThreadCounts(c.validatorCores, pool.threads),
      measure: (request: MeasureRequest) => pool.calibrateTogether(request),
    };
    const costs =
      c.costs ??
      (await ctx.memo(calibrationKey(spec, parallel.threads), () =>
        calibrate(spec, (request) => pool.calibrate(request), ctx.seed, ctx.backendModules, ctx.signal, parallel),
      ));
    if (costs === 'aborted') return 'aborted';
    const prices = costModel(costs);
    const sampled = c.sample !== undefined && c.sample > 0 && c.sample < spec.nodes ? c.sample : null;
    const engine = new RoundEngine({
      setup,
      faulty: spec.faulty,
      fault: spec.fault,
      merkleRoot: block.merkleRoot,
      blockBytes: proposalBlockBytes(block, spec.payload),
      executor: pool,
      // The validators outside the sample sign on this thread: every validator's keys, built once here.
      ...(sampled
        ? {
            sample: {
              size: sampled,
              crypto: buildCrypto(setup, ctx.backends),
              seed: ctx.seed,
              costs: prices,
              threads: c.threads,
            },
          }
        : {}),
    });
    await engine.prepare();
    const setupMs = performance.now() - t0;
    const pricing: Pricing = { kind: 'calibrated', costs: prices };
    const cores = { cores: c.validatorCores };
    const phases = roundPhases(c.rounds, protocol.pipeline?.commitChain);
    const rounds: RoundRecord[] = [];
    let modeled: ModeledRound[] = [];
    let replayed: ModeledRound[] = [];
    for (let r = 0; r < phases.length; r++) {
      if (ctx.signal?.aborted) return 'aborted';
      const rec = await engine.runRound(r, ctx.signal);
      if (rec === 'aborted') return 'aborted';
      rounds.push(rec);
      // Pipelined views are replayed together once all have run (a view's trace holds only 2(n − 1) messages).
      if (protocol.pipeline) continue;
      modeled.push(simulateRound(protocol, rec.ctx, rec.trace, c.network, pricing, cores));
      // The raw replay needs every validator's own timings: a sampled round has none for most of them.
      if (!sampled) replayed.push(simulateRound(protocol, rec.ctx, rec.trace, c.network, { kind: 'replay' }));
      // A round's trace holds every message (n² of them for PBFT): once replayed it is not needed.
      rec.trace = { sends: {}, faults: rec.trace.faults };
    }
    if (protocol.pipeline) {
      const views = rounds.map((r) => ({ ctx: r.ctx, trace: r.trace }));
      modeled = simulatePipeline(protocol, views, c.network, pricing, cores);
      if (!sampled) replayed = simulatePipeline(protocol, views, c.network, { kind: 'replay' });
      for (const r of rounds) r.trace = { sends: {}, faults: r.trace.faults };
    }
    const problem = roundProblems(rounds, modeled, spec.faulty, f);
    if (problem) return { ...common, status: 'failed-check', error: problem };
    const metrics = consensusMetrics(rounds, modeled, sampled ? null : replayed, spec.txs, setupMs, phases);
    return {
      ...common,
      status: 'ok',
      metrics,
      costs,
      ...(sampled ? { sampled: { validators: sampled, hostEstimated: true as const } } : {}),
    };
  } catch (err) {
    return { ...common, status: 'errored', error: `${(err as Error).name}: ${(err as Error).message}` };
  }
}
