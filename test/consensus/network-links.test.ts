/**
 * Hand-computed rounds of a three-validator protocol small enough to follow by eye: the leader
 * proposes, the two replicas vote to the leader, the leader commits on a quorum of two votes.
 * Each example isolates one rule of the network model (uplink queueing, downlink queueing,
 * calibrated pricing, the BLS leader's aggregate), so that breaking that rule changes the answer.
 */
import { describe, expect, it } from 'vitest';
import type { CostModel, RoundTrace, TraceMessage } from '../../src/consensus/network.js';
import { simulateRound } from '../../src/consensus/replay.js';
import { zeroWork, type WorkCounts } from '../../src/consensus/messages.js';
import type { ProtocolSpec, RoundContext } from '../../src/consensus/types.js';

const vote: ProtocolSpec = {
  name: 'propose-vote',
  title: 'propose, vote to the leader',
  source: 'a test protocol',
  voteScheme: 'ed25519',
  certificates: 'list',
  steps: [
    { name: 'propose', from: 'leader', to: 'others', signed: false },
    { name: 'vote', from: 'replicas', to: 'leader', signed: true, after: { step: 'propose', need: 'leader' } },
  ],
  commit: { step: 'vote', need: 'quorum' },
};
const ctx: RoundContext = { nodes: 3, quorum: 2, leader: 0 };

const work = (w: Partial<WorkCounts>): WorkCounts => ({ ...zeroWork(), ...w });

function message(to: number, bytes: number, o: Partial<TraceMessage> = {}): TraceMessage {
  return { to, bytes, verifyMs: 0, work: zeroWork(), batched: false, valid: true, dropped: false, ...o };
}

/** The round's trace: proposals of `proposeBytes`, votes of `voteBytes`; each check and send as given. */
function trace(o: {
  proposeBytes: number;
  voteBytes: number;
  vote?: Partial<TraceMessage>;
  signMs?: number;
  signWork?: Partial<WorkCounts>;
}): RoundTrace {
  const send = (messages: TraceMessage[]) => ({ ms: o.signMs ?? 0, work: work(o.signWork ?? {}), messages });
  return {
    sends: {
      '0|propose': { ms: 0, work: zeroWork(), messages: [message(1, o.proposeBytes), message(2, o.proposeBytes)] },
      '1|vote': send([message(0, o.voteBytes, o.vote)]),
      '2|vote': send([message(0, o.voteBytes, o.vote)]),
    },
    faults: [null, null, null],
  };
}

/** When the leader commits: replicas never hold votes, so only the leader's time is asked. */
const leaderCommit = (t: RoundTrace, pricing?: Parameters<typeof simulateRound>[4]) =>
  simulateRound(vote, ctx, t, { latencyMs: 0, bandwidthMbps: 8 }, pricing).validators[0]!.commitMs;

describe('network model, three validators by hand (1000 bytes take 1 ms at 8 Mbit/s, no latency)', () => {
  it('a sender’s uplink sends one message after the other', () => {
    // The leader's two 1000-byte proposals leave at 1 and 2 ms; each replica votes at once with an
    // empty message, so the votes reach the leader at 1 and 2: its quorum of two is complete at 2.
    expect(leaderCommit(trace({ proposeBytes: 1000, voteBytes: 0 }))).toBe(2);
  });

  it('a receiver’s downlink takes one message after the other', () => {
    // Empty proposals arrive at 0; each replica's 1000-byte vote leaves its own uplink at 1 ms, so
    // both reach the leader at 1, and its downlink delivers them at 1 and 2.
    expect(leaderCommit(trace({ proposeBytes: 0, voteBytes: 1000 }))).toBe(2);
  });

  it('calibrated pricing charges each check and send the cost of its operations', () => {
    // Costs: sign 1 ms, verify 3 ms. Replicas sign their votes (0 → 1 ms); the leader verifies
    // them one after the other: 1 → 4 → 7. The raw replay would use the recorded 50 ms instead.
    const costs: CostModel = {
      workMs: (w) => w.signatures * 1 + w.voteVerifications * 3,
      batchedVoteMs: 0,
      batchVerifyMs: () => 0,
    };
    const t = trace({
      proposeBytes: 0,
      voteBytes: 0,
      signMs: 50,
      signWork: { signatures: 1 },
      vote: { verifyMs: 50, work: work({ voteVerifications: 1 }) },
    });
    const net = { latencyMs: 0, bandwidthMbps: Infinity };
    expect(simulateRound(vote, ctx, t, net, { kind: 'calibrated', costs }).validators[0]!.commitMs).toBe(7);
    expect(simulateRound(vote, ctx, t, net, { kind: 'replay' }).validators[0]!.commitMs).toBe(150);
  });

  it('a BLS leader adds each vote into the aggregate and verifies it when the quorum is complete', () => {
    // Batched votes: adding one costs 2 ms; the aggregate check of k received votes 10 + k ms. With a
    // quorum of two on a three-validator context (q − 1 = 1 received vote completes it, the leader's
    // own vote counted), the first vote costs 2 + 11 ms and the second, arriving late, nothing.
    const bls: ProtocolSpec = {
      ...vote,
      voteScheme: 'bls12-381',
      certificates: 'aggregate',
      steps: [vote.steps[0]!, { ...vote.steps[1]!, from: 'all' }],
    };
    const costs: CostModel = { workMs: () => 0, batchedVoteMs: 2, batchVerifyMs: (k) => 10 + k };
    const t = trace({ proposeBytes: 0, voteBytes: 0, vote: { batched: true } });
    t.sends['0|vote'] = { ms: 0, work: zeroWork(), messages: [] };
    const m = simulateRound(bls, ctx, t, { latencyMs: 0, bandwidthMbps: Infinity }, { kind: 'calibrated', costs });
    expect(m.validators[0]!.commitMs).toBe(13);
    expect(m.validators[0]!.doneMs).toBe(13);
  });
});
