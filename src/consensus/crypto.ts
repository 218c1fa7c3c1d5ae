/**
 * The validators' crypto as a worker holds it: every validator's key pair (derived from the seed),
 * the block with its transactions' public keys parsed, and the backend implementations. Built once
 * per (seed, n, schemes, backends) and cached, so no round pays for setup.
 */
import { loadBackends } from '../workloads/backends/index.js';
import { seededSecret } from '../workloads/inputs.js';
import {
  isUnsupported,
  type Backend,
  type BlsImpl,
  type HashImpl,
  type KeyPair,
  type SignatureAlgorithm,
  type SignatureImpl,
} from '../workloads/types.js';
import { verifyBlock, readBlock, txAlgorithm, type PreparedBlock } from './block.js';
import { PROTOCOL_SPECS } from './protocols/index.js';
import type { ConsensusSetup } from './messages.js';
import type { VoteScheme } from './protocol.js';

/** What a validator's task can do; the engine's tests swap in a fake with the same contract. */
export interface ConsensusCrypto {
  sign(validator: number, message: Uint8Array): Uint8Array;
  verify(signer: number, message: Uint8Array, signature: Uint8Array): boolean;
  /** Aggregate signatures (BLS); throws for schemes without aggregation. */
  aggregate(signatures: Uint8Array[]): Uint8Array;
  /** One aggregate signature by `signers` over one message: add their public keys, verify once. */
  verifyAggregate(signers: number[], message: Uint8Array, signature: Uint8Array): boolean;
  /** Verify every transaction of the block (none for opaque commands) and recompute its Merkle root. */
  verifyBlock(): { valid: boolean; txVerifications: number };
}

/** The signature algorithm of a vote scheme, as the backends and the primitive cases name it. */
export function voteAlgorithm(scheme: Exclude<VoteScheme, 'bls12-381'>): Exclude<SignatureAlgorithm, 'bls12-381'>;
export function voteAlgorithm(scheme: VoteScheme): SignatureAlgorithm;
export function voteAlgorithm(scheme: VoteScheme): SignatureAlgorithm {
  return scheme === 'secp256k1' ? 'ecdsa-secp256k1' : scheme;
}

export function validatorSecret(seed: number, validator: number): Uint8Array {
  return seededSecret(seed, `consensus-validator-${validator}`);
}

/**
 * The implementations a setup asks for, or why a backend cannot provide them. Opaque commands
 * (`txScheme: none`) carry no signatures: the transaction backend then needs only SHA-256, and `tx`
 * is null.
 */
export function resolveImpls(
  setup: Pick<ConsensusSetup, 'protocol' | 'backend' | 'txScheme' | 'txBackend'>,
  backends: Map<string, Backend>,
): { vote: SignatureImpl; bls: BlsImpl | null; tx: SignatureImpl | null; hash: HashImpl } | { unsupported: string } {
  const b = backends.get(setup.backend);
  const tb = backends.get(setup.txBackend);
  if (!b) return { unsupported: `unknown backend ${setup.backend}` };
  if (!tb) return { unsupported: `unknown transaction backend ${setup.txBackend}` };
  const scheme = PROTOCOL_SPECS[setup.protocol].voteScheme;
  const vote = scheme === 'bls12-381' ? b.bls() : b.signature(voteAlgorithm(scheme));
  if (isUnsupported(vote)) return { unsupported: `${setup.protocol} votes need ${scheme}: ${vote.unsupported}` };
  const txAlg = txAlgorithm(setup.txScheme);
  const tx = txAlg ? tb.signature(txAlg) : null;
  if (tx && isUnsupported(tx))
    return { unsupported: `transactions (${setup.txScheme}) on ${setup.txBackend}: ${tx.unsupported}` };
  const hash = tb.hash('sha256');
  if (isUnsupported(hash)) return { unsupported: `Merkle root (sha256) on ${setup.txBackend}: ${hash.unsupported}` };
  return { vote, bls: scheme === 'bls12-381' ? (vote as BlsImpl) : null, tx, hash };
}

export function buildCrypto(setup: ConsensusSetup, backends: Map<string, Backend>): ConsensusCrypto {
  const impls = resolveImpls(setup, backends);
  if ('unsupported' in impls) throw new Error(impls.unsupported);
  const { vote, bls, tx, hash } = impls;
  const keys: KeyPair[] = Array.from({ length: setup.nodes }, (_, i) =>
    vote.keyFromSeed(validatorSecret(setup.seed, i)),
  );
  const block: PreparedBlock = readBlock(setup.block, tx);
  const noAggregation = (): never => {
    throw new Error(`${setup.protocol} votes (${PROTOCOL_SPECS[setup.protocol].voteScheme}) cannot be aggregated`);
  };
  return {
    sign: (v, m) => vote.sign(m, keys[v]!.secret),
    verify: (s, m, sig) => s >= 0 && s < keys.length && vote.verify(sig, m, keys[s]!.public),
    aggregate: (sigs) => (bls ? bls.aggregateSignatures(sigs) : noAggregation()),
    verifyAggregate: (signers, m, sig) =>
      bls
        ? bls.fastAggregateVerify(
            sig,
            m,
            signers.map((s) => keys[s]!.public),
          )
        : noAggregation(),
    verifyBlock: () => verifyBlock(block, tx, hash),
  };
}

const backendCache = new Map<string, Promise<Map<string, Backend>>>();
const cryptoCache = new Map<string, ConsensusCrypto>();
/** Keep few entries: a BLS key set of 256 validators is a few hundred kB, and cases change n often. */
const MAX_CACHED = 3;

/** The block's byte length tells blocks of commands of different sizes apart (the seed, B and scheme being equal). */
export function setupKey(s: ConsensusSetup): string {
  return [
    s.protocol,
    s.backend,
    s.nodes,
    s.seed,
    s.txs,
    s.txScheme,
    s.block.byteLength,
    s.txBackend,
    s.backendModules.join(','),
  ].join('|');
}

/** The cached crypto of a setup, built on first use. */
export async function cryptoFor(setup: ConsensusSetup): Promise<ConsensusCrypto> {
  const key = setupKey(setup);
  const hit = cryptoCache.get(key);
  if (hit) return hit;
  const modulesKey = setup.backendModules.join('\n');
  if (!backendCache.has(modulesKey)) backendCache.set(modulesKey, loadBackends(setup.backendModules));
  const crypto = buildCrypto(setup, await backendCache.get(modulesKey)!);
  if (cryptoCache.size >= MAX_CACHED) cryptoCache.delete(cryptoCache.keys().next().value!);
  cryptoCache.set(key, crypto);
  return crypto;
}
