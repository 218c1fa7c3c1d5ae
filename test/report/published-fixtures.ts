/**
 * Result files with published measurements, built by hand: consensus cases whose modeled tx/s
 * and commit latency are round numbers, so that every ratio and drop can be worked out on paper.
 */
import type { ConsensusCaseResult, PublishedSeries, ResultFile } from '../../src/results/schema.js';
import { resultFile } from '../compare/build.js';

const rate = (median: number) => ({
  mean: median,
  median,
  ci95: [median * 0.9, median * 1.1] as [number, number],
  cv: 0.05,
  outliers: 0,
  samples: [median * 0.95, median, median * 1.05],
});
const roundTime = (ms: number) => ({ ...rate(ms), p50: ms, p95: ms * 1.05, p99: ms * 1.05, count: 3 });

export interface CaseOptions {
  protocol?: string;
  backend?: string;
  nodes: number;
  threads?: number;
  /** Median of modeledCommittedTxPerSec. */
  txPerSec: number;
  /** p50 of modeledCommitMs; null for a case none of whose rounds committed. */
  commitMs: number | null;
  commitChain?: number;
  network?: ConsensusCaseResult['settings']['network'];
  validatorCores?: number;
  status?: 'ok' | 'errored';
}

export function consensusCase(o: CaseOptions): ConsensusCaseResult {
  const protocol = o.protocol ?? 'pbft';
  const backend = o.backend ?? 'node';
  const threads = o.threads ?? 2;
  const head = {
    id: `consensus/${protocol}/${backend}/n${o.nodes}/t${threads}`,
    kind: 'consensus' as const,
    op: 'consensus' as const,
    algorithm: protocol,
    protocol,
    backend,
    params: {
      nodes: o.nodes,
      f: Math.floor((o.nodes - 1) / 3),
      quorum: o.nodes - Math.floor((o.nodes - 1) / 3),
      voteScheme: 'ed25519',
      txs: 256,
      txScheme: 'ed25519',
      txBackend: 'node',
      faulty: 0,
      fault: 'crash',
      ...(o.commitChain !== undefined ? { commitChain: o.commitChain } : {}),
    },
    threads,
    settings: {
      rounds: 3,
      repeat: 3,
      network: o.network ?? { preset: 'lan', latencyMs: 0.2, bandwidthMbps: 1000 },
      ...(o.validatorCores !== undefined ? { validatorCores: o.validatorCores } : {}),
    },
    wallMs: 1000,
  };
  if (o.status === 'errored') return { ...head, status: 'errored', error: 'worker died' };
  const modeledMs = (256 / o.txPerSec) * 1000;
  return {
    ...head,
    status: 'ok',
    metrics: {
      hostRoundMs: roundTime(modeledMs * 4),
      modeledRoundMs: o.commitMs === null ? null : roundTime(modeledMs),
      modeledCommitMs:
        o.commitMs === null ? null : { mean: o.commitMs, p50: o.commitMs, p95: o.commitMs, p99: o.commitMs, count: 3 },
      committedTxPerSec: rate(o.txPerSec / 4),
      modeledCommittedTxPerSec: rate(o.txPerSec),
      messagesPerRound: 24,
      bytesPerRound: 4596,
      signaturesPerRound: 8,
      verificationsPerRound: 792,
      committedRounds: o.commitMs === null ? 0 : 3,
      work: { voteVerifications: 24, aggregateVerifications: 0, aggregations: 0, txVerifications: 768, merkleRoots: 3 },
      setupMs: 100,
      rounds: [],
    },
  };
}

/**
 * PBFT at n = 4, 16, 64: modeled 100 000, 40 000, 5 000 tx/s and 10, 20, 80 ms commit latency.
 * Published: n = 4 (120 000 tx/s, 8 ms), n = 16 (50 000 tx/s only), n = 64 (20 000 tx/s, 16 ms).
 */
export const PBFT_SERIES: PublishedSeries = {
  source: 'Example et al., "A BFT measurement", 2024, table 3',
  protocols: ['pbft'],
  points: [
    { nodes: 4, txPerSec: 120_000, latencyMs: 8 },
    { nodes: 16, txPerSec: 50_000 },
    { nodes: 64, txPerSec: 20_000, latencyMs: 16 },
  ],
};

export function pbftCases(): ConsensusCaseResult[] {
  return [
    consensusCase({ nodes: 4, txPerSec: 100_000, commitMs: 10 }),
    consensusCase({ nodes: 16, txPerSec: 40_000, commitMs: 20 }),
    consensusCase({ nodes: 64, txPerSec: 5_000, commitMs: 80 }),
  ];
}

export function publishedFile(
  cases: ConsensusCaseResult[] = pbftCases(),
  published: PublishedSeries[] = [structuredClone(PBFT_SERIES)],
): ResultFile {
  return { ...resultFile(cases), published };
}
