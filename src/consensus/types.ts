/**
 * Types of the consensus layer. A protocol is a thin description (its steps and when each is
 * sent); one generic engine runs every protocol, with the crypto of each validator's step done on
 * the worker pool. Nothing here imports anything but types.
 */

export const PROTOCOLS = ['pbft', 'tendermint', 'hotstuff', 'hotstuff-bls'] as const;
export type ProtocolName = (typeof PROTOCOLS)[number];

/** Signature scheme of the validators' votes. */
export type VoteScheme = 'ed25519' | 'bls12-381';

/** Signature scheme of the block's transactions (`--tx-scheme`); secp256k1 means ECDSA as in Bitcoin and Ethereum. */
export const TX_SCHEMES = ['ed25519', 'secp256k1'] as const;
export type TxScheme = (typeof TX_SCHEMES)[number];

export const FAULT_KINDS = ['crash', 'byzantine'] as const;
/** crash: silent from the start. byzantine: votes with signatures that do not verify (over another block). */
export type FaultKind = (typeof FAULT_KINDS)[number];

/** A condition on what a validator holds: the leader's message of a step, or a quorum of that step's votes. */
export interface Trigger {
  step: string;
  need: 'leader' | 'quorum';
}

/** One message type of a protocol round. */
export interface StepSpec {
  name: string;
  /** Who sends it: the round's leader, every validator but the leader, or every validator. */
  from: 'leader' | 'replicas' | 'all';
  /** To every other validator, or to the leader only (the leader's own copy stays local). */
  to: 'others' | 'leader';
  /** Carries the sender's signature over the step's digest. */
  signed: boolean;
  /** The block (B signed transactions and their Merkle root), which receivers check. */
  block?: boolean;
  /** The certificate of the previous round (Tendermint's LastCommit, HotStuff's highQC). */
  lastCertificate?: boolean;
  /** A quorum certificate over this earlier step's votes, built by the sender. */
  certificateOf?: string;
  /** When a sender sends; absent only for the round's opening message, which the leader sends at once. */
  after?: Trigger;
  /** Another step whose message also counts toward this step's quorum (PBFT: the pre-prepare stands for the primary's prepare). */
  quorumAlsoCounts?: string;
}

export interface ProtocolSpec {
  name: ProtocolName;
  title: string;
  /** Paper the message pattern follows. */
  source: string;
  voteScheme: VoteScheme;
  /** How quorum certificates are carried: lists of signatures, or one BLS aggregate plus a signer bitmap. */
  certificates: 'list' | 'aggregate';
  steps: StepSpec[];
  /** When a validator commits the block. */
  commit: Trigger;
  /** Which step's quorum becomes the next round's `lastCertificate`. */
  carryCertificate?: string;
}

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
}

/** Link model of the modeled latency: one-way propagation delay and per-validator link bandwidth. */
export interface NetworkModel {
  preset: 'lan' | 'wan' | 'custom';
  latencyMs: number;
  bandwidthMbps: number;
}

/** What a consensus case is: enough to rebuild its keys, block and rounds in any thread. */
export interface ConsensusSpec {
  protocol: ProtocolName;
  /** Backend of the consensus signatures (votes, proposals, certificates). */
  backend: string;
  nodes: number;
  txs: number;
  txScheme: TxScheme;
  /** Backend that checks the transactions' signatures and hashes the Merkle tree. */
  txBackend: string;
  faulty: number;
  fault: FaultKind;
}
