/**
 * Pipelined views replayed back to back, computed by hand on four validators (quorum 3), one core
 * each, 1 ms links of unlimited bandwidth. Prices: a proposal check 2 ms, a vote check 1 ms, a
 * signature 0.5 ms, forming a list certificate nothing. A view then takes
 *   1 (proposal on the wire) + 2 (check) + 0.5 (vote signed) + 1 (vote on the wire) + 1 (the
 *   quorum-completing vote checked) = 5.5 ms,
 * because the next leader already holds its own vote and the proposer's, which left at once.
 */
import { describe, expect, it } from 'vitest';
import { simulatePipeline, simulateRound } from '../../src/consensus/replay.js';
import { PROTOCOL_SPECS } from '../../src/consensus/protocols/index.js';
import { zeroWork, type WorkCounts } from '../../src/consensus/messages.js';
import type { CostModel, RoundTrace, TraceMessage } from '../../src/consensus/network.js';
import type { RoundContext } from '../../src/consensus/types.js';

const N = 4;
const work = (w: Partial<WorkCounts>): WorkCounts => ({ ...zeroWork(), ...w });
const costs: CostModel = {
  workMs: (w) => w.txVerifications * 2 + w.voteVerifications * 1 + w.signatures * 0.5,
  batchedVoteMs: 0,
  batchVerifyMs: () => 0,
  efficiency: () => 1,
};
const calibrated = { kind: 'calibrated' as const, costs };
const NET = { latencyMs: 1, bandwidthMbps: Infinity };

const message = (to: number, w: Partial<WorkCounts>): TraceMessage => ({
  to,
  bytes: 100,
  verifyMs: 0,
  work: work(w),
  batched: false,
  valid: true,
  dropped: false,
});

/** View w of chained HotStuff as the engine would trace it: leader w mod 4, votes to the next leader. */
function view(w: number): { ctx: RoundContext; trace: RoundTrace } {
  const leader = w % N;
  const next = (w + 1) % N;
  const others = [...Array(N).keys()].filter((v) => v !== leader);
  const sends: RoundTrace['sends'] = {
    [`${leader}|propose`]: { ms: 0, work: zeroWork(), messages: others.map((v) => message(v, { txVerifications: 1 })) },
    [`${next}|qc`]: { ms: 0, work: zeroWork(), messages: [] },
  };
  for (let v = 0; v < N; v++)
    sends[`${v}|vote`] = {
      ms: 0,
      work: work({ signatures: 1 }),
      messages: v === next ? [] : [message(next, { voteVerifications: 1 })],
    };
  return { ctx: { nodes: N, quorum: 3, leader, next }, trace: { sends, faults: [null, null, null, null] } };
}

const views = (k: number) => Array.from({ length: k }, (_, w) => view(w));

describe('pipelined views, by hand', () => {
  it('each view opens when the next leader forms the certificate: 5.5 ms a view, in steady state from the first', () => {
    const m = simulatePipeline(PROTOCOL_SPECS['chained-hotstuff'], views(6), NET, calibrated);
    expect(m.map((v) => v.committed)).toEqual([true, true, true, true, true, true]);
    expect(m.map((v) => v.roundMs)).toEqual([5.5, 5.5, 5.5, 5.5, 5.5, 5.5]);
  });

  it('a block commits when the proposal three views later is accepted (3-chain), two views later with the 2-chain rule', () => {
    // Block 0: view 3 opens at 16.5; its proposal reaches the replicas at 17.5, is checked by 19.5
    // and voted on by 20 (acceptance counts once the vote is out). The 2-chain: view 2 at 11 → 14.5.
    const three = simulatePipeline(PROTOCOL_SPECS['chained-hotstuff'], views(6), NET, calibrated);
    const two = simulatePipeline(PROTOCOL_SPECS['hotstuff-2chain'], views(6), NET, calibrated);
    expect(three.map((v) => v.commitMs)).toEqual([20, 20, 20, null, null, null]);
    expect(two.map((v) => v.commitMs)).toEqual([14.5, 14.5, 14.5, 14.5, null, null]);
  });

  it('a view whose certificate is never formed stops the pipeline: no later view opens, no block commits', () => {
    const vs = views(5);
    // Two replicas crash in view 1 (their votes never come): the next leader has 2 of 3.
    for (const w of [1]) {
      const { trace } = vs[w]!;
      for (const v of [0, 3]) {
        const s = trace.sends[`${v}|vote`]!;
        trace.sends[`${v}|vote`] = { ...s, messages: s.messages.map((x) => ({ ...x, dropped: true })) };
      }
    }
    const m = simulatePipeline(PROTOCOL_SPECS['chained-hotstuff'], vs, NET, calibrated);
    expect(m.map((v) => v.committed)).toEqual([true, false, false, false, false]);
    expect(m.every((v) => v.commitMs === null)).toBe(true);
  });

  it('a single pipelined view replayed alone gives its view time and no commit latency', () => {
    const { ctx, trace } = view(0);
    const m = simulateRound(PROTOCOL_SPECS['chained-hotstuff'], ctx, trace, NET, calibrated);
    expect(m.committed).toBe(true);
    expect(m.roundMs).toBe(5.5);
    expect(m.commitMs).toBeNull();
  });

  it('refuses a view formed by a validator that does not lead the next view', () => {
    const vs = views(2);
    vs[1] = { ...vs[1]!, ctx: { ...vs[1]!.ctx, leader: 3 } };
    expect(() => simulatePipeline(PROTOCOL_SPECS['chained-hotstuff'], vs, NET, calibrated)).toThrow(
      /view 1's leader is 3, but validator 1 formed its certificate/,
    );
  });
});
