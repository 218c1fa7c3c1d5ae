import { describe, expect, it } from 'vitest';
import { faultTolerance } from '../../src/consensus/rules.js';
import { roundProblems } from '../../src/consensus/metrics.js';
import { simulateRound } from '../../src/consensus/replay.js';
import { PROTOCOLS } from '../../src/consensus/types.js';
import { PROTOCOL_SPECS } from '../../src/consensus/protocols/index.js';
import { runRounds } from './support.js';

const LAN = { latencyMs: 0.2, bandwidthMbps: 1000 };

describe('faults: k ≤ f commits, k > f is reported as not committed', () => {
  // Real crypto: Byzantine votes carry real signatures over another digest, which receivers must reject.
  for (const protocol of PROTOCOLS) {
    const n = PROTOCOL_SPECS[protocol].voteScheme === 'bls12-381' ? 4 : 7; // BLS in pure JS costs ≈ 30 ms a check: keep it small
    const f = faultTolerance(n);
    for (const fault of ['crash', 'byzantine'] as const) {
      it(`${protocol}, n = ${n}, ${fault}: ${f} faulty commit, ${f + 1} do not`, async () => {
        const ok = await runRounds({ protocol, nodes: n, faulty: f, fault, real: true });
        const bad = await runRounds({ protocol, nodes: n, faulty: f + 1, fault, real: true });
        const [good] = ok.records;
        const [stalled] = bad.records;
        expect(good!.committed).toBe(true);
        expect(good!.committedValidators).toBe(n - f);
        expect(stalled!.committed).toBe(false);
        expect(stalled!.committedValidators).toBe(0);
        for (const r of [good!, stalled!]) {
          expect(r.rejectedValid).toBe(0);
          expect(r.acceptedInvalid).toBe(0);
        }
        const modeled = [good!, stalled!].map((r) => simulateRound(ok.engine.protocol, r.ctx, r.trace, LAN));
        expect(modeled.map((m) => m.committed)).toEqual([true, false]);
        expect(modeled[1]!.commitMs).toBeNull();
        expect(roundProblems([good!], [modeled[0]!], f, f)).toBeNull();
        expect(roundProblems([stalled!], [modeled[1]!], f + 1, f)).toBeNull();
      });
    }
  }

  it('Byzantine votes are sent, checked and rejected; crashed validators send nothing', async () => {
    const n = 7;
    const clean = (await runRounds({ protocol: 'pbft', nodes: n })).records[0]!;
    const byz = (await runRounds({ protocol: 'pbft', nodes: n, faulty: 2, fault: 'byzantine' })).records[0]!;
    const crash = (await runRounds({ protocol: 'pbft', nodes: n, faulty: 2, fault: 'crash' })).records[0]!;
    // Byzantine validators still send all their prepares and commits: the message count is unchanged.
    expect(byz.messages).toBe(clean.messages);
    // Crashed ones send none: 2 × (6 prepares + 6 commits) fewer.
    expect(crash.messages).toBe(clean.messages - 2 * 12);
    // Every Byzantine message to a correct validator is verified and fails: 2 senders × 5 correct receivers × 2 steps.
    const rejected = Object.entries(byz.trace.sends)
      .filter(([key]) => Number(key.split('|')[0]) >= n - 2)
      .flatMap(([, s]) => s.messages)
      .filter((m) => m.to < n - 2);
    expect(rejected).toHaveLength(20);
    expect(rejected.every((m) => !m.valid)).toBe(true);
  });

  it('a stalled round ends: no hang, and the case reports it', async () => {
    const { records } = await runRounds({ protocol: 'tendermint', nodes: 4, faulty: 3, fault: 'crash', rounds: 2 });
    expect(records.map((r) => r.committed)).toEqual([false, false]);
    expect(records[0]!.waves).toBeLessThanOrEqual(3);
    expect(
      roundProblems(
        records,
        records.map(() => ({ committed: false, commitMs: null, roundMs: 0, validators: [] })),
        3,
        1,
      ),
    ).toBeNull();
    expect(
      roundProblems(
        records,
        records.map(() => ({ committed: false, commitMs: null, roundMs: 0, validators: [] })),
        1,
        1,
      ),
    ).toMatch(/did not commit with 1 faulty/);
  });
});
