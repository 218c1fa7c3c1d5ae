import type { ProtocolName } from './protocols/index.js';

/**
 * Types of the consensus layer. A protocol is a thin description (its steps and when each is
 * sent); one generic engine runs every protocol, with the crypto of each validator's step done on
 * the worker pool. The protocol list comes from the registry of protocol descriptions.
 */

export { PROTOCOLS, type ProtocolName } from './protocols/index.js';
export type { ProtocolSpec, StepSpec, Trigger, VoteScheme } from './protocol.js';

/**
 * Signature scheme of the block's transactions (`--tx-scheme`); secp256k1 means ECDSA as in Bitcoin
 * and Ethereum; none: opaque commands of `txBytes` bytes each that replicas order without checking
 * signatures (as in the HotStuff paper's evaluation).
 */
export const TX_SCHEMES = ['ed25519', 'secp256k1', 'none'] as const;
export type TxScheme = (typeof TX_SCHEMES)[number];

/**
 * Where a block's payload travels (`--payload`): with the leader's proposal, or delivered by the
 * clients to every replica beforehand, so that proposals carry only the commands' hashes.
 */
export const PAYLOAD_MODES = ['proposal', 'dissemination'] as const;
export type PayloadMode = (typeof PAYLOAD_MODES)[number];

export const FAULT_KINDS = ['crash', 'byzantine'] as const;
/** crash: silent from the start. byzantine: votes with signatures that do not verify (over another block). */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** One validator's protocol state in a round, as the engine and the validator's worker task exchange it. */
export interface ValidatorState {
  /** Steps this validator has sent. */
  sent: string[];
  /** Steps whose (valid) leader message this validator holds, its own included when it is the leader. */
  held: string[];
  /** Per vote step, the signers whose valid votes it holds, its own included. */
  valid: Record<string, number[]>;
  committed: boolean;
}

/** Who is who in a round. */
export interface RoundContext {
  nodes: number;
  /** Quorum size n − f (= 2f + 1 when n = 3f + 1). */
  quorum: number;
  leader: number;
  /** The next round's leader: where a pipelined protocol's votes go. */
  next: number;
}

/**
 * Link model of the modeled latency: one-way propagation delay and per-validator link bandwidth.
 * With `geo`, every link has its own latency (validators placed round-robin over the regions) and
 * `latencyMs` is only the median of the validators' links, for display.
 */
export interface NetworkModel {
  preset: 'lan' | 'wan' | 'geo' | 'custom';
  latencyMs: number;
  bandwidthMbps: number;
  geo?: GeoNetwork;
}

/** Validators spread over regions: validator v sits in `regions[v % regions.length]`. */
export interface GeoNetwork {
  /** Where the latency table comes from: the shipped table's source and date, or the user's file. */
  source: string;
  regions: string[];
  /** One-way latency between the chosen regions, ms: `oneWayMs[i][j]` from regions[i] to regions[j]. */
  oneWayMs: number[][];
}

/** What a consensus case is: enough to rebuild its keys, block and rounds in any thread. */
export interface ConsensusSpec {
  protocol: ProtocolName;
  /** Backend of the consensus signatures (votes, proposals, certificates). */
  backend: string;
  nodes: number;
  txs: number;
  txScheme: TxScheme;
  /** Bytes of one opaque command (`txScheme: none` only). */
  txBytes?: number;
  /** Where the block's payload travels; absent means `proposal`. */
  payload?: PayloadMode;
  /** Backend that checks the transactions' signatures and hashes the Merkle tree. */
  txBackend: string;
  faulty: number;
  fault: FaultKind;
}
