/** Typed messages between the engine (main thread) and the consensus worker tasks. */
import type { CertificateWire, InboundMessage } from './wire.js';
import type { MeasureRequest, MeasureResponse } from '../pool/messages.js';
import type { ProtocolName, RoundContext, TxScheme, ValidatorState } from './types.js';

/** Everything a worker needs to rebuild (and cache) the validators' keys and the block. */
export interface ConsensusSetup {
  protocol: ProtocolName;
  backend: string;
  nodes: number;
  seed: number;
  txs: number;
  txScheme: TxScheme;
  txBackend: string;
  /** Extra backend modules (absolute paths). */
  backendModules: string[];
  /** The block, shared with every worker without copying (see block.ts for the layout). */
  block: SharedArrayBuffer;
}

/** Crypto operations one task did: what the result file's per-round counts add up. */
export interface WorkCounts {
  /** Consensus signatures made (votes, proposals). */
  signatures: number;
  /** Single consensus signatures verified: votes, proposals and each entry of a signature-list certificate. */
  voteVerifications: number;
  /** BLS FastAggregateVerify calls (one per aggregate certificate or batch of votes). */
  aggregateVerifications: number;
  /** Signers covered by those aggregate checks (each costs a public-key addition). */
  aggregateVerifySigners: number;
  /** BLS signature aggregations. */
  aggregations: number;
  /** Signatures added into those aggregates. */
  aggregatedSignatures: number;
  txVerifications: number;
  merkleRoots: number;
}

export function zeroWork(): WorkCounts {
  return {
    signatures: 0,
    voteVerifications: 0,
    aggregateVerifications: 0,
    aggregateVerifySigners: 0,
    aggregations: 0,
    aggregatedSignatures: 0,
    txVerifications: 0,
    merkleRoots: 0,
  };
}

export function addWork(into: WorkCounts, w: WorkCounts): void {
  for (const k of Object.keys(into) as (keyof WorkCounts)[]) into[k] += w[k];
}

/** What was done between two snapshots of a running count. */
export function workSince(before: WorkCounts, now: WorkCounts): WorkCounts {
  const d = zeroWork();
  for (const k of Object.keys(d) as (keyof WorkCounts)[]) d[k] = now[k] - before[k];
  return d;
}

/**
 * How a receiver checked one message: its own crypto (`work`), or, for a BLS vote sent to the
 * leader, as one of a batch (`batched`): the leader adds each vote into an aggregate and verifies
 * the aggregate once it holds a quorum (see the network model).
 */
export interface MessageCheck {
  valid: boolean;
  /** Wall time spent on it in the worker, ms (a batch's time is spread evenly over its votes). */
  ms: number;
  work: WorkCounts;
  batched: boolean;
}

/** One validator's step: verify what it received, then sign and send what the rules say. */
export interface RoundTask {
  kind: 'round';
  setup: ConsensusSetup;
  validator: number;
  byzantine: boolean;
  ctx: RoundContext;
  /** This round's digest of every step, plus `@last`: the digest the previous-round certificate must carry. */
  digests: Record<string, Uint8Array>;
  state: ValidatorState;
  inbox: InboundMessage[];
  /** Valid votes held from earlier tasks (its own included) for the certificates it may build: step → signer → signature. */
  heldSignatures: Record<string, Record<number, Uint8Array>>;
}

export interface SendResult {
  step: string;
  /** Crypto time of producing this message (signing, building its certificate), ms. */
  ms: number;
  /** The crypto operations that took. */
  work: WorkCounts;
  signature?: Uint8Array;
  certificate?: CertificateWire;
}

export interface RoundResult {
  ok: true;
  /** Per inbox message, in order: did it verify, and what checking it took. */
  checks: MessageCheck[];
  sends: SendResult[];
  state: ValidatorState;
  work: WorkCounts;
}

/** Warm a worker: build keys and block, run a few operations, then wait for the other workers (so each one does this). */
export interface SetupTask {
  kind: 'setup';
  setup: ConsensusSetup;
  /** Int32 arrival counter; the task returns once `threads` tasks have arrived or after a timeout. */
  barrier: SharedArrayBuffer;
  threads: number;
}

/** The certificate of the round before the first one: `signers` sign `digest` (untimed setup). */
export interface CertificateTask {
  kind: 'certificate';
  setup: ConsensusSetup;
  step: string;
  digest: Uint8Array;
  signers: number[];
}

/** Measure one primitive operation with the primitive harness, for the calibration (calibrate.ts). */
export interface CalibrateTask {
  kind: 'calibrate';
  request: MeasureRequest;
}

/**
 * Signed messages for a DirectTask, shared with every worker without copying: `entries` records
 * of signer (u32, little-endian) ‖ digest (32 bytes) ‖ signature (`signatureBytes`).
 */
export interface SignedTable {
  buffer: SharedArrayBuffer;
  entries: number;
  signatureBytes: number;
}

/** Bytes of one SignedTable record. */
export function signedRecordBytes(signatureBytes: number): number {
  return 4 + 32 + signatureBytes;
}

/**
 * A round task's crypto without the engine, for the engine-overhead benchmark
 * (scripts/engine-overhead.ts): verify `verifications` signatures of `table` (cycling from entry
 * `first`), sign `signatures` of its digests, and check the block `blocks` times. No state, inbox,
 * certificates or per-message timing.
 */
export interface DirectTask {
  kind: 'direct';
  setup: ConsensusSetup;
  table: SignedTable;
  first: number;
  verifications: number;
  signatures: number;
  blocks: number;
}

export type ConsensusTask = RoundTask | SetupTask | CertificateTask | CalibrateTask | DirectTask;

export type Failure = { ok: false; error: string };
export type SetupResult = { ok: true; setupMs: number };
export type CertificateResult = { ok: true; certificate: CertificateWire };
/** What a DirectTask did, whether every check passed, and its wall time in the worker (ms). */
export type DirectResult = { ok: true; work: WorkCounts; allValid: boolean; ms: number };
export type ConsensusResponse =
  RoundResult | SetupResult | CertificateResult | DirectResult | Failure | MeasureResponse;
