/**
 * Validators with several cores, by hand, on a three-validator round (the leader proposes, both
 * replicas vote to it, the leader commits on two votes), no latency, unlimited bandwidth. Prices:
 * a transaction signature check 3 ms, a vote check 3 ms, a signature 1 ms; with two cores busy at
 * once each runs at 75% (efficiency 0.75).
 */
import { describe, expect, it } from 'vitest';
import { simulateRound } from '../../src/consensus/replay.js';
import { zeroWork, type WorkCounts } from '../../src/consensus/messages.js';
import type { CostModel, RoundTrace, TraceMessage } from '../../src/consensus/network.js';
import type { ProtocolSpec, RoundContext } from '../../src/consensus/types.js';

const vote: ProtocolSpec = {
  name: 'propose-vote',
  title: 'propose, vote to the leader',
  source: 'a test protocol',
  voteScheme: 'ed25519',
  certificates: 'list',
  steps: [
    { name: 'propose', from: 'leader', to: 'others', signed: false, block: true },
    { name: 'vote', from: 'replicas', to: 'leader', signed: true, after: { step: 'propose', need: 'leader' } },
  ],
  commit: { step: 'vote', need: 'quorum' },
  closedFormMessages: (n) => 2 * (n - 1),
};
const ctx: RoundContext = { nodes: 3, quorum: 2, leader: 0, next: 1 };
const NET = { latencyMs: 0, bandwidthMbps: Infinity };
const work = (w: Partial<WorkCounts>): WorkCounts => ({ ...zeroWork(), ...w });
const efficiencies: number[] = [];
const costs: CostModel = {
  workMs: (w) => (w.txVerifications + w.voteVerifications) * 3 + w.signatures * 1 + w.merkleRoots * 1,
  batchedVoteMs: 0,
  batchVerifyMs: () => 0,
  efficiency: (cores) => {
    efficiencies.push(cores);
    return cores > 1 ? 0.75 : 1;
  },
};
const calibrated = { kind: 'calibrated' as const, costs };

const message = (to: number, w: Partial<WorkCounts>, verifyMs = 0): TraceMessage => ({
  to,
  bytes: 0,
  verifyMs,
  work: work(w),
  batched: false,
  valid: true,
  dropped: false,
});

/** A block of `txs` transactions (plus one Merkle root, 1 ms) to each replica; votes checked by the leader. */
function trace(txs: number): RoundTrace {
  const block = { txVerifications: txs, merkleRoots: 1 };
  return {
    sends: {
      '0|propose': { ms: 0, work: zeroWork(), messages: [message(1, block, 40), message(2, block, 40)] },
      '1|vote': { ms: 1, work: work({ signatures: 1 }), messages: [message(0, { voteVerifications: 1 }, 3)] },
      '2|vote': { ms: 1, work: work({ signatures: 1 }), messages: [message(0, { voteVerifications: 1 }, 3)] },
    },
    faults: [null, null, null],
  };
}

/** When the leader commits (replicas never hold votes). */
const commitAt = (txs: number, cores?: number) =>
  simulateRound(vote, ctx, trace(txs), NET, calibrated, cores === undefined ? {} : { cores }).validators[0]!.commitMs;

describe('validators with several cores, by hand', () => {
  it('one core: the block’s 4 checks in a row, then the two votes one after the other', () => {
    // Replicas: 4 × 3 + 1 (Merkle) = 13, vote signed by 14; the leader checks the votes 14 → 17 → 20.
    expect(commitAt(4, 1)).toBe(20);
    // No cores given: one.
    expect(commitAt(4)).toBe(20);
  });

  it('two cores split the block’s signature checks, at the measured efficiency, and take the votes side by side', () => {
    // Two chunks of 2 checks: 2 × 3 / 0.75 = 8 ms each, the Merkle root (1 ms) on the first: 9; the
    // vote signed by 10; the leader checks both votes at once on its two cores: 13.
    expect(commitAt(4, 2)).toBe(13);
    expect(efficiencies).toContain(2);
  });

  it('an odd number of checks: the larger chunk decides', () => {
    // 5 checks: chunks of 3 and 2 → 3 × 3 / 0.75 + 1 = 13 and 8; vote by 14; votes checked by 17.
    expect(commitAt(5, 2)).toBe(17);
  });

  it('more cores than checks: one chunk per check', () => {
    // 2 checks on 4 cores: 2 chunks of 1 → 3 / 0.75 + 1 = 5; vote by 6; votes side by side: 9.
    expect(commitAt(2, 4)).toBe(9);
  });

  it('the raw replay keeps one core: it replays one worker’s wall times', () => {
    // 40 ms checks, 1 ms votes signed, 3 ms vote checks in a row: 41 → 44 → 47.
    expect(simulateRound(vote, ctx, trace(4), NET, { kind: 'replay' }, { cores: 2 }).validators[0]!.commitMs).toBe(47);
  });
});
