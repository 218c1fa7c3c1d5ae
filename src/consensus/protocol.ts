/**
 * The vocabulary a protocol is described in: its steps, who sends each and when, and when a
 * validator commits. Each protocol file (src/consensus/protocols/) is one such description.
 * Nothing here imports anything.
 */

/** Signature scheme of the validators' votes: ed25519, ECDSA over secp256k1 (as libhotstuff votes), or BLS12-381. */
export type VoteScheme = 'ed25519' | 'secp256k1' | 'bls12-381';

/** A condition on what a validator holds: the leader's message of a step, or a quorum of that step's votes. */
export interface Trigger {
  step: string;
  need: 'leader' | 'quorum';
}

/** One message type of a protocol round. */
export interface StepSpec {
  name: string;
  /**
   * Who sends it: the round's leader, every validator but the leader, every validator, or the
   * next round's leader (a pipelined protocol's next leader forms the certificate of this view).
   */
  from: 'leader' | 'replicas' | 'all' | 'next-leader';
  /**
   * To every other validator, to the leader only, to the next round's leader only (the sender's
   * own copy stays local), or to nobody: a step that only forms a certificate the sender keeps.
   */
  to: 'others' | 'leader' | 'next-leader' | 'none';
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
  /**
   * A pipelined protocol: each round is one view whose proposal carries the previous view's
   * certificate, and the next view opens as soon as its leader has formed this view's certificate
   * (the step whose `certificateOf` is `carryCertificate`). The block of view v commits once views
   * v … v + commitChain − 1 are certified, when a validator accepts the proposal of view
   * v + commitChain. Its `commit` trigger then means "accepted this view's proposal".
   */
  pipeline?: { commitChain: number };
  /** Messages of one fault-free round (or view) in closed form, as the protocol's paper counts them. */
  closedFormMessages(n: number): number;
}
