import { describe, expect, it } from 'vitest';
import { closedFormMessages, expectedWork } from '../../src/consensus/work.js';
import { PROTOCOL_SPECS } from '../../src/consensus/protocols/index.js';
import { WorkCounter } from '../../src/consensus/sampling.js';
import { PROTOCOLS } from '../../src/consensus/types.js';
import { runRounds } from './support.js';

const SIZES = [4, 7, 16, 31, 64];

describe('messages per round equal the protocols’ closed forms', () => {
  it('the closed forms themselves, by hand at n = 4 and n = 7', () => {
    // PBFT: 3 + 9 + 12 = 24; 6 + 36 + 42 = 84. Tendermint: 3 + 24 = 27; 6 + 84 = 90. HotStuff: 21; 42.
    expect([4, 7].map((n) => closedFormMessages('pbft', n))).toEqual([24, 84]);
    expect([4, 7].map((n) => closedFormMessages('tendermint', n))).toEqual([27, 90]);
    expect([4, 7].map((n) => closedFormMessages('hotstuff', n))).toEqual([21, 42]);
    expect(closedFormMessages('hotstuff-bls', 64)).toBe(7 * 63);
  });

  for (const protocol of PROTOCOLS) {
    it(`${protocol} at n = ${SIZES.join(', ')}: executed rounds send the closed form and do the expected work`, async () => {
      for (const n of SIZES) {
        const { records } = await runRounds({ protocol, nodes: n, txs: 8, rounds: 2 });
        for (const r of records) {
          expect(r.committed).toBe(true);
          expect(r.messages).toBe(closedFormMessages(protocol, n));
          const w = expectedWork(PROTOCOL_SPECS[protocol], n, 8, 'ed25519');
          expect(w.messages).toBe(closedFormMessages(protocol, n));
          // WorkCounts also counts aggregate signers and aggregated signatures (for pricing); the closed forms cover these.
          expect(r.work).toMatchObject({
            signatures: w.signatures,
            voteVerifications: w.voteVerifications,
            aggregateVerifications: w.aggregateVerifications,
            aggregations: w.aggregations,
            txVerifications: w.txVerifications,
            merkleRoots: w.merkleRoots,
          });
        }
      }
    });
  }

  for (const protocol of PROTOCOLS) {
    it(`${protocol}: a block of opaque commands, checked for real, costs a Merkle root per proposal and no transaction signature`, async () => {
      for (const n of protocol === 'hotstuff-bls' ? [4] : [4, 7]) {
        const { records } = await runRounds({ protocol, nodes: n, txs: 8, txScheme: 'none', txBytes: 100, real: true });
        const w = expectedWork(PROTOCOL_SPECS[protocol], n, 8, 'none');
        // One block-carrying leader message to each of the n − 1 others.
        expect(w).toMatchObject({ txVerifications: 0, merkleRoots: n - 1 });
        for (const r of records) {
          expect(r.committed).toBe(true);
          expect(r.messages).toBe(closedFormMessages(protocol, n));
          expect(r.work).toMatchObject({
            signatures: w.signatures,
            voteVerifications: w.voteVerifications,
            aggregateVerifications: w.aggregateVerifications,
            aggregations: w.aggregations,
            txVerifications: 0,
            merkleRoots: w.merkleRoots,
          });
        }
      }
    });
  }

  it('a sampled round counts a block of opaque commands as one Merkle root and no transaction signature', () => {
    const msg = { step: 'pre-prepare', from: 0, signature: new Uint8Array(64), block: true };
    expect(new WorkCounter(PROTOCOL_SPECS.pbft, 8, 'none').of(msg)).toMatchObject({
      voteVerifications: 1,
      txVerifications: 0,
      merkleRoots: 1,
    });
    expect(new WorkCounter(PROTOCOL_SPECS.pbft, 8, 'secp256k1').of(msg)).toMatchObject({
      txVerifications: 8,
      merkleRoots: 1,
    });
  });

  it('work closed forms by hand at n = 16 (q = 11) with B = 8 transactions', () => {
    // Opaque commands: the same 15 blocks, none of their commands signature-checked.
    expect(expectedWork(PROTOCOL_SPECS.pbft, 16, 8, 'none')).toMatchObject({ txVerifications: 0, merkleRoots: 15 });
    // PBFT: signatures 1 + 15 + 16; checks: pre-prepare 15 + prepares 225 + commits 240; 15 blocks of 8 transactions.
    expect(expectedWork(PROTOCOL_SPECS.pbft, 16, 8, 'ed25519')).toMatchObject({
      signatures: 32,
      voteVerifications: 480,
      txVerifications: 120,
      merkleRoots: 15,
    });
    // Tendermint adds LastCommit (11 signatures) in each of 15 proposals: 15 + 15·11 + 240 + 240.
    expect(expectedWork(PROTOCOL_SPECS.tendermint, 16, 8, 'ed25519')).toMatchObject({
      signatures: 33,
      voteVerifications: 660,
    });
    // HotStuff: 3 vote phases of 16 signers; leader checks 3·15 votes; replicas check 4 QCs of 11: 45 + 4·15·11.
    expect(expectedWork(PROTOCOL_SPECS.hotstuff, 16, 8, 'ed25519')).toMatchObject({
      signatures: 48,
      voteVerifications: 705,
    });
    // HotStuff-BLS: 4·15 QC checks + 3 leader batches, 3 batch and 3 QC aggregations, no single checks.
    expect(expectedWork(PROTOCOL_SPECS['hotstuff-bls'], 16, 8, 'ed25519')).toMatchObject({
      signatures: 48,
      voteVerifications: 0,
      aggregateVerifications: 63,
      aggregations: 6,
    });
  });

  it('certificates: a signature list holds exactly q votes, a BLS aggregate every valid vote, the leader’s own first', async () => {
    const signersOf = async (protocol: 'hotstuff' | 'hotstuff-bls', faulty: number) => {
      const seen: number[][] = [];
      await runRounds({
        protocol,
        nodes: 7,
        faulty,
        onResult: (r) => r.ok && r.sends.forEach((s) => s.certificate && seen.push(s.certificate.signers)),
      });
      return seen;
    };
    // n = 7: q = 5; round 0's leader is validator 0.
    expect(await signersOf('hotstuff', 0)).toEqual([
      [0, 1, 2, 3, 4],
      [0, 1, 2, 3, 4],
      [0, 1, 2, 3, 4],
    ]);
    expect(await signersOf('hotstuff-bls', 0)).toEqual([
      [0, 1, 2, 3, 4, 5, 6],
      [0, 1, 2, 3, 4, 5, 6],
      [0, 1, 2, 3, 4, 5, 6],
    ]);
    expect(await signersOf('hotstuff-bls', 2)).toEqual([
      [0, 1, 2, 3, 4],
      [0, 1, 2, 3, 4],
      [0, 1, 2, 3, 4],
    ]);
  });
});
