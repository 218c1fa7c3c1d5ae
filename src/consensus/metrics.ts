/**
 * From executed rounds (host) and their replays (modeled) to a consensus case's metrics. Pure:
 * round times are summarised over committed rounds only (a round that stalled has no latency);
 * committed tx/s counts a stalled round as 0. A pipelined protocol's views carry a phase: the
 * warm-up view and the tail views are recorded but not summarised.
 */
import { mean, summarizeLatency, summarizeRate } from '../measure/stats.js';
import type { RoundRecord } from './engine.js';
import type { ModeledRound } from './network.js';
import type { ConsensusMetrics, ConsensusRoundDetail, RoundTimeSummary } from '../results/schema.js';
import type { WorkCounts } from './messages.js';

/** Where a pipelined view stands: summarised, or run only to fill the pipeline or to commit the measured blocks. */
export type RoundPhase = 'measured' | 'warm-up' | 'tail';

/**
 * The views a pipelined case runs for `rounds` measured ones: one warm-up view (the pipeline
 * starts empty), then the measured views, then `commitChain` views whose proposals commit the
 * last measured blocks. A basic protocol runs exactly its rounds.
 */
export function roundPhases(rounds: number, commitChain: number | undefined): RoundPhase[] {
  if (commitChain === undefined) return Array<RoundPhase>(rounds).fill('measured');
  return ['warm-up', ...Array<RoundPhase>(rounds).fill('measured'), ...Array<RoundPhase>(commitChain).fill('tail')];
}

/** A Rate-shaped summary of per-round times (lower is better) with their percentiles. */
export function summarizeRoundTimes(samplesMs: readonly number[]): RoundTimeSummary | null {
  if (samplesMs.length === 0) return null;
  const { p50, p95, p99, count } = summarizeLatency(samplesMs);
  return { ...summarizeRate(samplesMs), p50, p95, p99, count };
}

/** Every signature check of a round: single consensus signatures, BLS aggregate checks and transactions. */
export function verificationsOf(w: WorkCounts): number {
  return w.voteVerifications + w.aggregateVerifications + w.txVerifications;
}

export function consensusMetrics(
  rounds: RoundRecord[],
  modeled: ModeledRound[],
  replayed: ModeledRound[] | null,
  txs: number,
  setupMs: number,
  phases?: readonly RoundPhase[],
): ConsensusMetrics {
  const all: ConsensusRoundDetail[] = rounds.map((r, i) => ({
    round: r.round,
    ...(phases?.[i] && phases[i] !== 'measured' ? { phase: phases[i] } : {}),
    leader: r.leader,
    committed: r.committed,
    committedValidators: r.committedValidators,
    hostMs: r.hostMs,
    ...(r.sampled ? { hostMeasuredMs: r.sampled.measuredMs } : {}),
    modeledMs: modeled[i]!.roundMs,
    ...(replayed ? { replayMs: replayed[i]!.roundMs } : {}),
    modeledCommitMs: modeled[i]!.commitMs,
    messages: r.messages,
    bytes: r.bytes,
    signatures: r.work.signatures,
    verifications: verificationsOf(r.work),
    waves: r.waves,
  }));
  const measured = (i: number) => !phases || phases[i] === 'measured';
  const details = all.filter((_, i) => measured(i));
  const summarised = rounds.filter((_, i) => measured(i));
  const committed = details.filter((d) => d.committed);
  const perRound = (f: (r: RoundRecord) => number) => mean(summarised.map(f));
  const txPerSec = (ms: number, ok: boolean) => (ok && ms > 0 ? (txs / ms) * 1000 : 0);
  // A pipelined view's block may be certified while a later view of its chain was not: no commit latency then.
  const modeledCommit = committed.flatMap((d) => (d.modeledCommitMs === null ? [] : [d.modeledCommitMs]));
  return {
    hostRoundMs: summarizeRoundTimes(committed.map((d) => d.hostMs)),
    modeledRoundMs: summarizeRoundTimes(committed.map((d) => d.modeledMs)),
    replayRoundMs: replayed ? summarizeRoundTimes(committed.map((d) => d.replayMs ?? d.modeledMs)) : null,
    modeledCommitMs: modeledCommit.length ? summarizeLatency(modeledCommit) : null,
    committedTxPerSec: summarizeRate(details.map((d) => txPerSec(d.hostMs, d.committed))),
    modeledCommittedTxPerSec: summarizeRate(details.map((d) => txPerSec(d.modeledMs, d.committed))),
    messagesPerRound: perRound((r) => r.messages),
    bytesPerRound: perRound((r) => r.bytes),
    signaturesPerRound: perRound((r) => r.work.signatures),
    verificationsPerRound: perRound((r) => verificationsOf(r.work)),
    committedRounds: committed.length,
    work: {
      voteVerifications: perRound((r) => r.work.voteVerifications),
      aggregateVerifications: perRound((r) => r.work.aggregateVerifications),
      aggregations: perRound((r) => r.work.aggregations),
      txVerifications: perRound((r) => r.work.txVerifications),
      merkleRoots: perRound((r) => r.work.merkleRoots),
    },
    setupMs,
    rounds: all,
  };
}

/**
 * Why a case's rounds cannot be trusted, or null: correct validators must accept each other's
 * messages and reject the Byzantine ones, and a round commits exactly when at most f are faulty.
 */
export function roundProblems(
  rounds: RoundRecord[],
  modeled: ModeledRound[],
  faulty: number,
  f: number,
): string | null {
  for (const [i, r] of rounds.entries()) {
    if (r.rejectedValid > 0) return `round ${r.round}: correct validators rejected ${r.rejectedValid} valid messages`;
    if (r.acceptedInvalid > 0)
      return `round ${r.round}: correct validators accepted ${r.acceptedInvalid} invalid (Byzantine) messages`;
    if (faulty <= f && !r.committed)
      return `round ${r.round} did not commit with ${faulty} faulty of f = ${f} tolerated`;
    if (faulty > f && r.committed)
      return `round ${r.round} committed with ${faulty} faulty validators, more than f = ${f}`;
    if (modeled[i]!.committed !== r.committed)
      return `round ${r.round}: the network model and the executed round disagree on the commit`;
  }
  return null;
}
