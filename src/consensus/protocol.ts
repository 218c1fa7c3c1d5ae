/**
 * The vocabulary a protocol is described in: its steps, who sends each and when, and when a
 * validator commits. Each protocol file (src/consensus/protocols/) is one such description.
 * Nothing here imports anything.
 */

/** Signature scheme of the validators' votes. */
export type VoteScheme = 'ed25519' | 'bls12-381';

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
  /** Its key in the registry (src/consensus/protocols/index.ts). */
  name: string;
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
