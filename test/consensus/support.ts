/** Shared helpers of the consensus tests: a fake crypto suite with the real contract, and a round runner. */
import { createHash } from 'node:crypto';
import { RoundEngine, type Executor, type RoundRecord } from '../../src/consensus/engine.js';
import { inProcessExecutor } from '../../src/consensus/pool.js';
import { buildCrypto, type ConsensusCrypto } from '../../src/consensus/crypto.js';
import { buildBlock, proposalBlockBytes } from '../../src/consensus/block.js';
import { loadBackends } from '../../src/workloads/backends/index.js';
import type { ConsensusSetup, Failure, RoundResult } from '../../src/consensus/messages.js';
import { PROTOCOL_SPECS } from '../../src/consensus/protocols/index.js';
import type { FaultKind, PayloadMode, ProtocolName, TxScheme } from '../../src/consensus/types.js';

const h = (v: number, m: Uint8Array): Uint8Array =>
  new Uint8Array(createHash('sha256').update(`${v}|`).update(m).digest());

/**
 * Signatures are SHA-256(signer ‖ message), aggregates their XOR: a signature over another message
 * (what a Byzantine validator sends) fails, as it would with real keys, but costs nothing.
 */
export function fakeCrypto(txChecks: number): ConsensusCrypto {
  const xor = (sigs: Uint8Array[]) => sigs.reduce((acc, s) => acc.map((b, i) => b ^ s[i]!), new Uint8Array(32));
  return {
    sign: (v, m) => h(v, m),
    verify: (s, m, sig) => Buffer.from(h(s, m)).equals(Buffer.from(sig)),
    aggregate: (sigs) => xor(sigs),
    verifyAggregate: (signers, m, sig) => Buffer.from(xor(signers.map((s) => h(s, m)))).equals(Buffer.from(sig)),
    verifyBlock: () => ({ valid: true, txVerifications: txChecks }),
  };
}

export interface RunOptions {
  protocol: ProtocolName;
  nodes: number;
  txs?: number;
  /** The block's transactions (default ed25519) and, for opaque commands, their size. */
  txScheme?: TxScheme;
  txBytes?: number;
  payload?: PayloadMode;
  faulty?: number;
  fault?: FaultKind;
  rounds?: number;
  /** Real crypto: ed25519 on node, BLS on noble, transactions on node. Default: the fake. */
  real?: boolean;
  /** Sees every task result (to inspect what validators sent). */
  onResult?: (r: RoundResult | Failure) => void;
}

function observed(e: Executor, onResult?: (r: RoundResult | Failure) => void): Executor {
  if (!onResult) return e;
  return {
    runRound: async (tasks) => {
      const results = await e.runRound(tasks);
      results.forEach(onResult);
      return results;
    },
    certificate: (t) => e.certificate(t),
  };
}

export async function runRounds(o: RunOptions): Promise<{ engine: RoundEngine; records: RoundRecord[] }> {
  const txs = o.txs ?? 4;
  const txScheme = o.txScheme ?? 'ed25519';
  const block = buildBlock(1, txs, txScheme, o.txBytes);
  const setup: ConsensusSetup = {
    protocol: o.protocol,
    backend: PROTOCOL_SPECS[o.protocol].voteScheme === 'bls12-381' ? 'noble' : 'node',
    nodes: o.nodes,
    seed: 1,
    txs,
    txScheme,
    txBackend: 'node',
    backendModules: [],
    block: block.buffer,
  };
  const crypto = o.real ? buildCrypto(setup, await loadBackends()) : fakeCrypto(txScheme === 'none' ? 0 : txs);
  const engine = new RoundEngine({
    setup,
    faulty: o.faulty ?? 0,
    fault: o.fault ?? 'crash',
    merkleRoot: block.merkleRoot,
    blockBytes: proposalBlockBytes(block, o.payload),
    executor: observed(
      inProcessExecutor(() => crypto),
      o.onResult,
    ),
  });
  await engine.prepare();
  const records: RoundRecord[] = [];
  for (let r = 0; r < (o.rounds ?? 1); r++) {
    const rec = await engine.runRound(r);
    if (rec === 'aborted') throw new Error('aborted');
    records.push(rec);
  }
  return { engine, records };
}
