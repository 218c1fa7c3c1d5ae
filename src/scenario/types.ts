import type { Op, WorkloadSpec } from '../workloads/types.js';
import type { ConsensusSpec, FaultKind, NetworkModel, ProtocolName, TxScheme } from '../consensus/types.js';

/** A scenario file as the user writes it (scenarios/*.json). Every field is documented in the README. */
export interface ScenarioInput {
  name: string;
  description?: string;
  seed?: number;
  /** Thread counts to sweep; default 1, powers of two, and the machine's parallelism. */
  threads?: number[];
  /** Measuring window per sample, ms. */
  timeMs?: number;
  warmupMs?: number;
  /** Independent samples (windows) per case. */
  repeat?: number;
  backends?: string[];
  cases: (PrimitiveCaseInput | ConsensusCaseInput)[];
}

export interface PrimitiveCaseInput {
  op: Op;
  algorithms: string[];
  backends?: string[];
  threads?: number[];
  /** `hash`: message sizes in bytes. */
  sizes?: number[];
  /** `merkle`: leaf counts. */
  leaves?: number[];
  /** `fast-aggregate-verify` / `aggregate-verify`: signatures per aggregate. */
  k?: number[];
  /** `spin`: SHA-256 rounds per operation. */
  rounds?: number[];
  timeMs?: number;
  warmupMs?: number;
  repeat?: number;
  /** Regression threshold for `chainmark check`, percent; overrides --threshold for these cases. */
  thresholdPct?: number;
}

/**
 * Consensus rounds at increasing node counts (`"op": "consensus"`): one case per protocol,
 * backend, node count and thread count. Defaults are in src/consensus/defaults.ts.
 */
export interface ConsensusCaseInput {
  op: 'consensus';
  protocols: ProtocolName[];
  /** Validator counts n, each at least 4 (f ≥ 1). */
  nodes?: number[];
  /** Measured rounds per case: the samples. */
  rounds?: number;
  /** Transactions per block. */
  txs?: number;
  txScheme?: TxScheme;
  /** Backend that checks transaction signatures and the Merkle root. */
  txBackend?: string;
  /** Backends of the consensus signatures; default per protocol, the fastest built-in with its scheme. */
  backends?: string[];
  threads?: number[];
  network?: 'lan' | 'wan';
  /** One-way link latency, ms (overrides the preset's). */
  latencyMs?: number;
  /** Per-validator link bandwidth, Mbit/s (overrides the preset's). */
  bandwidthMbps?: number;
  /** Faulty validators k (the highest indices; the leader is always correct). */
  faulty?: number;
  fault?: FaultKind;
  thresholdPct?: number;
}

/** Consensus flags (`--protocols`, `--nodes`, …): they override every consensus case of the scenario. */
export type ConsensusOverrides = Partial<Omit<ConsensusCaseInput, 'op' | 'backends' | 'threads' | 'thresholdPct'>>;

/** Flags that override the scenario file. */
export interface RunOverrides {
  threads?: number[];
  timeMs?: number;
  warmupMs?: number;
  repeat?: number;
  backends?: string[];
  seed?: number;
  consensus?: ConsensusOverrides;
}

/** One case of a resolved plan: everything needed to run it, all defaults filled in. */
export interface PlannedCase {
  id: string;
  kind: 'primitive';
  spec: WorkloadSpec;
  threads: number;
  timeMs: number;
  warmupMs: number;
  repeat: number;
  thresholdPct?: number;
}

/** One consensus case of a resolved plan. */
export interface PlannedConsensusCase {
  id: string;
  kind: 'consensus';
  spec: ConsensusSpec;
  threads: number;
  rounds: number;
  network: NetworkModel;
  thresholdPct?: number;
  /** Rough duration from the work's closed form and a measured verify rate (src/consensus/estimate.ts), ms. */
  estimatedMs?: number;
  /** The measured cost of one vote verification behind that estimate, ms. */
  verifyMs?: number;
}

export interface Plan {
  scenario: { name: string; description?: string; file: string };
  seed: number;
  cases: (PlannedCase | PlannedConsensusCase)[];
}
