import type { ProtocolSpec } from '../protocol.js';

/**
 * Tendermint (Buchman, Kwon & Milosevic, "The latest gossip on BFT consensus", 2018, Algorithm 1),
 * the happy path of one height: the proposer sends a signed PROPOSAL with the block and the
 * previous height's commit (LastCommit: 2f + 1 precommit signatures, which every validator
 * verifies); every validator broadcasts a PREVOTE for it, and on 2f + 1 prevotes a PRECOMMIT; 2f + 1
 * precommits commit the block. Votes are broadcast all-to-all here (the paper gossips them; the
 * count of deliveries is the same). Messages per round: (n−1) + 2n(n−1).
 */
export const tendermint: ProtocolSpec = {
  name: 'tendermint',
  title: 'Tendermint',
  source: 'Buchman, Kwon & Milosevic, The latest gossip on BFT consensus, arXiv:1807.04938, 2018',
  voteScheme: 'ed25519',
  certificates: 'list',
  steps: [
    { name: 'propose', from: 'leader', to: 'others', signed: true, block: true, lastCertificate: true },
    { name: 'prevote', from: 'all', to: 'others', signed: true, after: { step: 'propose', need: 'leader' } },
    { name: 'precommit', from: 'all', to: 'others', signed: true, after: { step: 'prevote', need: 'quorum' } },
  ],
  commit: { step: 'precommit', need: 'quorum' },
  carryCertificate: 'precommit',
  closedFormMessages: (n) => n - 1 + 2 * n * (n - 1),
};
