/** Pipelined HotStuff on the generic engine: votes go to the next leader, whose certificate opens the next view. */
import { describe, expect, it } from 'vitest';
import { RoundEngine, type Executor } from '../../src/consensus/engine.js';
import { inProcessExecutor } from '../../src/consensus/pool.js';
import { buildBlock } from '../../src/consensus/block.js';
import { blockHash, stepDigest, type InboundMessage } from '../../src/consensus/wire.js';
import { closedFormMessages, expectedWork } from '../../src/consensus/work.js';
import { PROTOCOL_SPECS } from '../../src/consensus/protocols/index.js';
import { quorumSize } from '../../src/consensus/rules.js';
import { fakeCrypto } from './support.js';
import type { ConsensusSetup, RoundTask } from '../../src/consensus/messages.js';
import type { ProtocolName } from '../../src/consensus/types.js';

const PIPELINED: ProtocolName[] = [
  'chained-hotstuff',
  'chained-hotstuff-bls',
  'hotstuff-2chain',
  'hotstuff-2chain-bls',
];

async function views(protocol: ProtocolName, nodes: number, count: number) {
  const block = buildBlock(1, 4, 'ed25519');
  const setup: ConsensusSetup = {
    protocol,
    backend: 'node',
    nodes,
    seed: 1,
    txs: 4,
    txScheme: 'ed25519',
    txBackend: 'node',
    backendModules: [],
    block: block.buffer,
  };
  const crypto = fakeCrypto(4);
  const inner = inProcessExecutor(() => crypto);
  const tasks: RoundTask[] = [];
  const executor: Executor = {
    runRound: (t) => {
      tasks.push(...t);
      return inner.runRound(t);
    },
    certificate: (t) => inner.certificate(t),
  };
  const engine = new RoundEngine({
    setup,
    faulty: 0,
    fault: 'crash',
    merkleRoot: block.merkleRoot,
    blockBytes: block.blockBytes,
    executor,
  });
  await engine.prepare();
  const records = [];
  for (let r = 0; r < count; r++) {
    const rec = await engine.runRound(r);
    if (rec === 'aborted') throw new Error('aborted');
    records.push(rec);
  }
  return { records, tasks, root: block.merkleRoot };
}

describe('pipelined HotStuff', () => {
  it('sends 2(n − 1) messages a view: 6, 30 and 126 at n = 4, 16 and 64', () => {
    for (const p of PIPELINED) {
      expect([4, 16, 64].map((n) => closedFormMessages(p, n))).toEqual([6, 30, 126]);
      expect([4, 16, 64].map((n) => expectedWork(PROTOCOL_SPECS[p], n, 8).messages)).toEqual([6, 30, 126]);
    }
  });

  it('commits after three views (chained) or two (2-chain)', () => {
    expect(PROTOCOL_SPECS['chained-hotstuff'].pipeline).toEqual({ commitChain: 3 });
    expect(PROTOCOL_SPECS['chained-hotstuff-bls'].pipeline).toEqual({ commitChain: 3 });
    expect(PROTOCOL_SPECS['hotstuff-2chain'].pipeline).toEqual({ commitChain: 2 });
    expect(PROTOCOL_SPECS['hotstuff-2chain-bls'].pipeline).toEqual({ commitChain: 2 });
  });

  for (const protocol of ['chained-hotstuff', 'hotstuff-2chain-bls'] as const) {
    it(`${protocol}: every vote goes to the next leader, who forms the view's certificate and opens the next view with it`, async () => {
      const n = 7;
      const { records, tasks, root } = await views(protocol, n, 4);
      expect(records.map((r) => r.committed)).toEqual([true, true, true, true]);
      for (const r of records) {
        expect(r.ctx.next).toBe((r.round + 1) % n);
        const votes = Object.entries(r.trace.sends).filter(([k]) => k.endsWith('|vote'));
        expect(votes).toHaveLength(n);
        expect(votes.flatMap(([, s]) => s.messages).every((m) => m.to === r.ctx.next)).toBe(true);
        expect(Object.keys(r.trace.sends).filter((k) => k.endsWith('|qc'))).toEqual([`${r.ctx.next}|qc`]);
        expect(r.messages).toBe(2 * (n - 1));
      }
      // The proposal of view v carries the certificate over view v − 1's votes (the genesis one for view 0).
      const proposals = tasks
        .flatMap((t) => t.inbox.map((m) => ({ round: t.digests['propose'], m })))
        .filter((x): x is { round: Uint8Array; m: InboundMessage } => x.m.step === 'propose');
      for (const r of records) {
        const own = stepDigest(protocol, r.round, 'propose', blockHash(r.round, root));
        const carried = proposals.filter((p) => Buffer.from(p.round).equals(Buffer.from(own)));
        expect(carried).toHaveLength(n - 1);
        const expected = stepDigest(protocol, r.round - 1, 'vote', blockHash(r.round - 1, root));
        for (const { m } of carried) {
          expect(Buffer.from(m.certificate!.digest).equals(Buffer.from(expected))).toBe(true);
          expect(m.certificate!.signers.length).toBeGreaterThanOrEqual(quorumSize(n));
        }
      }
    });
  }
});
