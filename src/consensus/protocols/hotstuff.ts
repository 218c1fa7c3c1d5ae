import type { ProtocolSpec, StepSpec } from '../protocol.js';

/**
 * Basic HotStuff (Yin, Malkhi, Reiter, Gueta & Abraham, PODC 2019, Algorithm 2): four phases, each a
 * leader broadcast answered by votes to the leader. PREPARE carries the block and highQC (the
 * previous view's prepareQC); PRE-COMMIT, COMMIT and DECIDE each carry the quorum certificate the
 * leader formed from n − f votes of the phase before. As in the paper, only votes are signed: a
 * leader message is justified by the certificate it carries. The NEW-VIEW messages belong to the
 * view change and are not part of the steady-state round. Messages per round: 4(n−1) broadcasts
 * + 3(n−1) votes = 7(n−1).
 */
const steps: StepSpec[] = [
  { name: 'prepare', from: 'leader', to: 'others', signed: false, block: true, lastCertificate: true },
  { name: 'prepare-vote', from: 'all', to: 'leader', signed: true, after: { step: 'prepare', need: 'leader' } },
  {
    name: 'pre-commit',
    from: 'leader',
    to: 'others',
    signed: false,
    certificateOf: 'prepare-vote',
    after: { step: 'prepare-vote', need: 'quorum' },
  },
  { name: 'pre-commit-vote', from: 'all', to: 'leader', signed: true, after: { step: 'pre-commit', need: 'leader' } },
  {
    name: 'commit',
    from: 'leader',
    to: 'others',
    signed: false,
    certificateOf: 'pre-commit-vote',
    after: { step: 'pre-commit-vote', need: 'quorum' },
  },
  { name: 'commit-vote', from: 'all', to: 'leader', signed: true, after: { step: 'commit', need: 'leader' } },
  {
    name: 'decide',
    from: 'leader',
    to: 'others',
    signed: false,
    certificateOf: 'commit-vote',
    after: { step: 'commit-vote', need: 'quorum' },
  },
];

const source =
  'Yin, Malkhi, Reiter, Gueta & Abraham, HotStuff: BFT Consensus with Linearity and Responsiveness, PODC 2019';

/** Quorum certificates as lists of n − f ed25519 signatures: every replica verifies each one. */
export const hotstuff: ProtocolSpec = {
  name: 'hotstuff',
  title: 'HotStuff (basic, ed25519 signature-list QCs)',
  source,
  voteScheme: 'ed25519',
  certificates: 'list',
  steps,
  commit: { step: 'decide', need: 'leader' },
  carryCertificate: 'prepare-vote',
  closedFormMessages: (n) => 7 * (n - 1),
};

/**
 * The same message pattern with BLS12-381 votes: a certificate is one aggregate signature plus a
 * signer bitmap; a replica adds up the signers' public keys and verifies once (FastAggregateVerify,
 * the threshold-signature role of the paper's tsign/tcombine).
 */
export const hotstuffBls: ProtocolSpec = {
  ...hotstuff,
  name: 'hotstuff-bls',
  title: 'HotStuff (basic, BLS12-381 aggregate QCs)',
  voteScheme: 'bls12-381',
  certificates: 'aggregate',
};
