/**
 * The block every round proposes: B signed transactions and their RFC 6962 Merkle root. It is
 * built once per (seed, B, scheme) with noble, whose signatures are deterministic (RFC 8032 for
 * ed25519, RFC 6979 for ECDSA), so two machines check the very same bytes; workers read it from a
 * SharedArrayBuffer without copying and check it with the case's transaction backend.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { nobleBackend } from '../workloads/backends/noble.js';
import { merkleRoot } from '../workloads/merkle.js';
import { equalBytes, seededBytes, seededSecret } from '../workloads/inputs.js';
import { BLOCK_HEADER_BYTES } from './wire.js';
import type { HashImpl, SignatureAlgorithm, SignatureImpl } from '../workloads/types.js';
import type { TxScheme } from './types.js';

/** A transfer body: nonce (8), amount (8), fee (8), recipient (32), memo (8); about an Ethereum transfer's size. */
export const TX_BODY_BYTES = 64;
/** Distinct sending accounts; transactions cycle through them. */
export const TX_ACCOUNTS = 64;
/** Layout header in the shared buffer: count, body, public key and signature lengths (u32 each), then the root. */
const LAYOUT_BYTES = 16;

export function txAlgorithm(scheme: TxScheme): Exclude<SignatureAlgorithm, 'bls12-381'> {
  return scheme === 'ed25519' ? 'ed25519' : 'ecdsa-secp256k1';
}

export interface BuiltBlock {
  buffer: SharedArrayBuffer;
  txs: number;
  /** Bytes of the block on the wire: header plus every transaction (body, public key, signature). */
  blockBytes: number;
  merkleRoot: Uint8Array;
}

const nobleHash: HashImpl = { hash: (m) => sha256(m) };
const built = new Map<string, BuiltBlock>();

export function buildBlock(seed: number, txs: number, scheme: TxScheme): BuiltBlock {
  const key = `${seed}|${txs}|${scheme}`;
  const cached = built.get(key);
  if (cached) return cached;
  const impl = nobleBackend.signature(txAlgorithm(scheme)) as SignatureImpl;
  const accounts = Array.from({ length: Math.min(txs, TX_ACCOUNTS) }, (_, i) =>
    impl.keyFromSeed(seededSecret(seed, `tx-account-${scheme}-${i}`)),
  );
  const bodies = seededBytes(seed, `tx-bodies-${txs}`, txs * TX_BODY_BYTES);
  const pkLen = accounts[0]!.publicKeyBytes.length;
  const first = impl.sign(bodies.subarray(0, TX_BODY_BYTES), accounts[0]!.secret);
  const sigLen = first.length;
  const txLen = TX_BODY_BYTES + pkLen + sigLen;
  const buffer = new SharedArrayBuffer(LAYOUT_BYTES + 32 + txs * txLen);
  const bytes = new Uint8Array(buffer);
  new Uint32Array(buffer, 0, 4).set([txs, TX_BODY_BYTES, pkLen, sigLen]);
  const leaves: Uint8Array[] = [];
  for (let i = 0; i < txs; i++) {
    const account = accounts[i % accounts.length]!;
    const body = bodies.subarray(i * TX_BODY_BYTES, (i + 1) * TX_BODY_BYTES);
    const offset = LAYOUT_BYTES + 32 + i * txLen;
    bytes.set(body, offset);
    bytes.set(account.publicKeyBytes, offset + TX_BODY_BYTES);
    bytes.set(i === 0 ? first : impl.sign(body, account.secret), offset + TX_BODY_BYTES + pkLen);
    leaves.push(bytes.subarray(offset, offset + txLen));
  }
  const root = merkleRoot(nobleHash, leaves);
  bytes.set(root, LAYOUT_BYTES);
  const block = { buffer, txs, blockBytes: BLOCK_HEADER_BYTES + txs * txLen, merkleRoot: root };
  built.set(key, block);
  return block;
}

/** A block read back from its shared buffer, public keys parsed once by the checking backend (a node keeps account keys in its state). */
export interface PreparedBlock {
  bodies: Uint8Array[];
  signatures: Uint8Array[];
  publicKeys: unknown[];
  leaves: Uint8Array[];
  merkleRoot: Uint8Array;
}

export function readBlock(buffer: SharedArrayBuffer, impl: SignatureImpl): PreparedBlock {
  const [count = 0, bodyLen = 0, pkLen = 0, sigLen = 0] = new Uint32Array(buffer, 0, 4);
  const bytes = new Uint8Array(buffer);
  const txLen = bodyLen + pkLen + sigLen;
  const keyCache = new Map<string, unknown>();
  const block: PreparedBlock = {
    bodies: [],
    signatures: [],
    publicKeys: [],
    leaves: [],
    merkleRoot: bytes.slice(LAYOUT_BYTES, LAYOUT_BYTES + 32),
  };
  for (let i = 0; i < count; i++) {
    const offset = LAYOUT_BYTES + 32 + i * txLen;
    const pk = bytes.slice(offset + bodyLen, offset + bodyLen + pkLen);
    const hex = Buffer.from(pk).toString('hex');
    if (!keyCache.has(hex)) keyCache.set(hex, impl.importPublicKey(pk));
    block.bodies.push(bytes.slice(offset, offset + bodyLen));
    block.signatures.push(bytes.slice(offset + bodyLen + pkLen, offset + txLen));
    block.publicKeys.push(keyCache.get(hex));
    block.leaves.push(bytes.slice(offset, offset + txLen));
  }
  return block;
}

/** What a validator does with a proposed block: verify every transaction, recompute the Merkle root. */
export function verifyBlock(
  block: PreparedBlock,
  impl: SignatureImpl,
  hash: HashImpl,
): { valid: boolean; txVerifications: number } {
  let txVerifications = 0;
  for (let i = 0; i < block.bodies.length; i++) {
    txVerifications++;
    if (!impl.verify(block.signatures[i]!, block.bodies[i]!, block.publicKeys[i]))
      return { valid: false, txVerifications };
  }
  return { valid: equalBytes(merkleRoot(hash, block.leaves), block.merkleRoot), txVerifications };
}
