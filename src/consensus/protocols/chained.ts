import type { ProtocolSpec, StepSpec } from '../protocol.js';

/**
 * Pipelined HotStuff, one view per round. The view's leader proposes a block carrying the
 * certificate (QC) of the previous view's block; every validator checks it and sends its signed
 * vote to the *next* view's leader, who forms this view's QC from n − f votes and opens the next
 * view with it. So one proposal phase and one vote phase a view, leaders rotating every view, and
 * each QC certifies one block while it justifies the next: chained HotStuff (Yin, Malkhi, Reiter,
 * Gueta & Abraham, PODC 2019, §5 "Chained HotStuff") commits the block of view v when views v,
 * v + 1 and v + 2 are certified (a three-chain), that is when the proposal of view v + 3 arrives;
 * the two-chain rule of DiemBFT v4 / Jolteon (Gelashvili, Kokoris-Kogias, Sonnino, Spiegelman &
 * Xiang, "Jolteon and Ditto", FC 2022) commits it one view earlier, on the proposal of view v + 2.
 * The view change (timeouts) is not part of the steady state. Messages per view: (n − 1)
 * proposals + (n − 1) votes (the next leader's own vote stays local) = 2(n − 1).
 */
const steps: StepSpec[] = [
  { name: 'propose', from: 'leader', to: 'others', signed: false, block: true, lastCertificate: true },
  { name: 'vote', from: 'all', to: 'next-leader', signed: true, after: { step: 'propose', need: 'leader' } },
  // The next leader forms the QC; it travels with that leader's proposal, which opens the next view.
  {
    name: 'qc',
    from: 'next-leader',
    to: 'none',
    signed: false,
    certificateOf: 'vote',
    after: { step: 'vote', need: 'quorum' },
  },
];

const pipelined = {
  steps,
  // "Committed" in a view means: accepted its proposal, whose QC certifies the chain behind it.
  commit: { step: 'propose', need: 'leader' },
  carryCertificate: 'vote',
  closedFormMessages: (n: number) => 2 * (n - 1),
} as const satisfies Partial<ProtocolSpec>;

const chainedSource =
  'Yin, Malkhi, Reiter, Gueta & Abraham, HotStuff: BFT Consensus with Linearity and Responsiveness, PODC 2019, §5';
const twoChainSource =
  'Gelashvili, Kokoris-Kogias, Sonnino, Spiegelman & Xiang, Jolteon and Ditto: Network-Adaptive Efficient Consensus with Asynchronous Fallback, FC 2022 (DiemBFT v4)';

/** Chained HotStuff with QCs as lists of n − f ed25519 signatures. */
export const chainedHotstuff: ProtocolSpec = {
  ...pipelined,
  name: 'chained-hotstuff',
  title: 'Chained HotStuff (pipelined, 3-chain commit, ed25519 signature-list QCs)',
  source: chainedSource,
  voteScheme: 'ed25519',
  certificates: 'list',
  pipeline: { commitChain: 3 },
};

/** The same with BLS12-381 votes: a QC is one aggregate signature plus a signer bitmap. */
export const chainedHotstuffBls: ProtocolSpec = {
  ...chainedHotstuff,
  name: 'chained-hotstuff-bls',
  title: 'Chained HotStuff (pipelined, 3-chain commit, BLS12-381 aggregate QCs)',
  voteScheme: 'bls12-381',
  certificates: 'aggregate',
};

/** With ECDSA votes over secp256k1, as the HotStuff paper's own implementation (libhotstuff) signs them. */
export const chainedHotstuffSecp256k1: ProtocolSpec = {
  ...chainedHotstuff,
  name: 'chained-hotstuff-secp256k1',
  title: 'Chained HotStuff (pipelined, 3-chain commit, secp256k1 ECDSA signature-list QCs)',
  voteScheme: 'secp256k1',
};

/** The 2-chain commit rule (DiemBFT v4 / Jolteon) on the same views, ed25519 signature-list QCs. */
export const hotstuff2chain: ProtocolSpec = {
  ...pipelined,
  name: 'hotstuff-2chain',
  title: 'HotStuff 2-chain (DiemBFT v4 / Jolteon, pipelined, ed25519 signature-list QCs)',
  source: twoChainSource,
  voteScheme: 'ed25519',
  certificates: 'list',
  pipeline: { commitChain: 2 },
};

export const hotstuff2chainBls: ProtocolSpec = {
  ...hotstuff2chain,
  name: 'hotstuff-2chain-bls',
  title: 'HotStuff 2-chain (DiemBFT v4 / Jolteon, pipelined, BLS12-381 aggregate QCs)',
  voteScheme: 'bls12-381',
  certificates: 'aggregate',
};
