import { describe, expect, it } from 'vitest';
import {
  certificateSigners,
  emptyState,
  faultTolerance,
  leaderOf,
  nextSends,
  quorumSize,
  receive,
  updateCommit,
} from '../../src/consensus/rules.js';
import { PROTOCOL_SPECS } from '../../src/consensus/protocols/index.js';

describe('quorum rules', () => {
  it('f = ⌊(n−1)/3⌋ and q = n − f, which is 2f + 1 at n = 3f + 1', () => {
    const table = [4, 5, 6, 7, 16, 31, 64, 100, 256].map((n) => [n, faultTolerance(n), quorumSize(n)]);
    expect(table).toEqual([
      [4, 1, 3],
      [5, 1, 4],
      [6, 1, 5],
      [7, 2, 5],
      [16, 5, 11],
      [31, 10, 21],
      [64, 21, 43],
      [100, 33, 67],
      [256, 85, 171],
    ]);
    // Tendermint's "more than 2/3": ⌊2n/3⌋ + 1 is the same quorum for every n.
    for (let n = 4; n < 300; n++) expect(quorumSize(n)).toBe(Math.floor((2 * n) / 3) + 1);
  });

  it('the leader rotates over the correct validators (faulty ones are the highest indices)', () => {
    expect([0, 1, 2, 3, 4].map((r) => leaderOf(r, 4, 1))).toEqual([0, 1, 2, 0, 1]);
  });

  it('a certificate holds q signers: the builder first, then the lowest indices', () => {
    expect(certificateSigners([5, 3, 0, 9, 2], 9, 3)).toEqual([9, 0, 2]);
    expect(certificateSigners([5, 3, 0], 7, 2)).toEqual([0, 3]);
  });
});

describe('when a validator sends and commits', () => {
  const ctx = { nodes: 4, quorum: 3, leader: 0 };

  it('Tendermint’s proposer prevotes on its own proposal at once', () => {
    const s = emptyState();
    expect(nextSends(PROTOCOL_SPECS.tendermint, ctx, s, 0).map((x) => x.name)).toEqual(['propose', 'prevote']);
    expect(nextSends(PROTOCOL_SPECS.tendermint, ctx, s, 0)).toEqual([]);
  });

  it('a PBFT backup: prepares on the pre-prepare; prepared with the pre-prepare, its own and one more prepare (2f = 2)', () => {
    const pbft = PROTOCOL_SPECS.pbft;
    const s = emptyState();
    expect(nextSends(pbft, ctx, s, 1)).toEqual([]);
    receive(pbft, s, 'pre-prepare', 0);
    expect(nextSends(pbft, ctx, s, 1).map((x) => x.name)).toEqual(['prepare']);
    receive(pbft, s, 'prepare', 2);
    expect(nextSends(pbft, ctx, s, 1).map((x) => x.name)).toEqual(['commit']);
    expect(updateCommit(pbft, ctx, s)).toBe(false);
    receive(pbft, s, 'commit', 2);
    receive(pbft, s, 'commit', 2); // a duplicate counts once
    expect(updateCommit(pbft, ctx, s)).toBe(false);
    receive(pbft, s, 'commit', 3);
    expect(updateCommit(pbft, ctx, s)).toBe(true);
  });

  it('the PBFT primary needs 2f prepares from backups (its pre-prepare stands for its prepare)', () => {
    const pbft = PROTOCOL_SPECS.pbft;
    const s = emptyState();
    expect(nextSends(pbft, ctx, s, 0).map((x) => x.name)).toEqual(['pre-prepare']);
    receive(pbft, s, 'prepare', 1);
    expect(nextSends(pbft, ctx, s, 0)).toEqual([]);
    receive(pbft, s, 'prepare', 2);
    expect(nextSends(pbft, ctx, s, 0).map((x) => x.name)).toEqual(['commit']);
  });

  it('a HotStuff leader forms a certificate and votes on its own next phase in one go; replicas commit on DECIDE', () => {
    const hs = PROTOCOL_SPECS.hotstuff;
    const leader = emptyState();
    expect(nextSends(hs, ctx, leader, 0).map((x) => x.name)).toEqual(['prepare', 'prepare-vote']);
    receive(hs, leader, 'prepare-vote', 1);
    receive(hs, leader, 'prepare-vote', 2);
    expect(nextSends(hs, ctx, leader, 0).map((x) => x.name)).toEqual(['pre-commit', 'pre-commit-vote']);
    const replica = emptyState();
    receive(hs, replica, 'decide', 0);
    expect(updateCommit(hs, ctx, replica)).toBe(true);
  });
});
