/**
 * The block every round proposes: B signed transactions, or B opaque commands (`txScheme: none`),
 * and their RFC 6962 Merkle root. It is built once per (seed, B, scheme, command size) with noble,
 * whose signatures are deterministic (RFC 8032 for ed25519, RFC 6979 for ECDSA), so two machines
 * check the very same bytes; workers read it from a SharedArrayBuffer without copying and check it
 * with the case's transaction backend.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { nobleBackend } from '../workloads/backends/noble.js';
import { merkleRoot } from '../workloads/merkle.js';
import { equalBytes, seededBytes, seededSecret } from '../workloads/inputs.js';
import { BLOCK_HEADER_BYTES } from './wire.js';
import type { HashImpl, SignatureAlgorithm, SignatureImpl } from '../workloads/types.js';
import type { PayloadMode, TxScheme } from './types.js';

/** A transfer body: nonce (8), amount (8), fee (8), recipient (32), memo (8); about an Ethereum transfer's size. */
export const TX_BODY_BYTES = 64;
/** Distinct sending accounts; transactions cycle through them. */
export const TX_ACCOUNTS = 64;
/** Layout header in the shared buffer: count, body, public key and signature lengths (u32 each), then the root. */
const LAYOUT_BYTES = 16;

/**
 * Bytes of one opaque command when the scenario names none: 128, the middle of the payload sizes
 * (0, 128 and 1024 bytes) of the HotStuff paper's evaluation (Yin et al., PODC 2019, §8).
 */
export const DEFAULT_TX_BYTES = 128;
/** Bytes of the hash that names a command in a proposal when the payload was disseminated beforehand (SHA-256). */
export const COMMAND_HASH_BYTES = 32;

/**
 * Public key and signature bytes of a signed transaction as noble encodes them: ed25519 (RFC 8032)
 * 32 and 64; ECDSA on secp256k1 a compressed SEC 1 point (33) and compact r ‖ s (64).
 */
const TX_KEY_SIGNATURE_BYTES = { ed25519: [32, 64], secp256k1: [33, 64] } as const;

export type SignedTxScheme = Exclude<TxScheme, 'none'>;

/** The signature algorithm of a transaction scheme; null for opaque commands, which carry none. */
export function txAlgorithm(scheme: TxScheme): Exclude<SignatureAlgorithm, 'bls12-381'> | null {
  if (scheme === 'none') return null;
  return scheme === 'ed25519' ? 'ed25519' : 'ecdsa-secp256k1';
}

/**
 * Bytes of one leaf of the block's Merkle tree, what the calibration hashes: a signed transaction
 * (body, public key, signature) or an opaque command of `txBytes` (default DEFAULT_TX_BYTES).
 */
export function txLeafBytes(scheme: TxScheme, txBytes?: number): number {
  if (scheme === 'none') return txBytes ?? DEFAULT_TX_BYTES;
  const [pk, sig] = TX_KEY_SIGNATURE_BYTES[scheme];
  return TX_BODY_BYTES + pk + sig;
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

export function buildBlock(seed: number, txs: number, scheme: TxScheme, txBytes?: number): BuiltBlock {
  const key = `${seed}|${txs}|${scheme}|${scheme === 'none' ? txLeafBytes(scheme, txBytes) : ''}`;
  const cached = built.get(key);
  if (cached) return cached;
  const block =
    scheme === 'none'
      ? buildCommandBlock(seed, txs, txLeafBytes(scheme, txBytes))
      : buildSignedBlock(seed, txs, scheme);
  built.set(key, block);
  return block;
}

function buildSignedBlock(seed: number, txs: number, scheme: SignedTxScheme): BuiltBlock {
  const impl = nobleBackend.signature(txAlgorithm(scheme)!) as SignatureImpl;
  const accounts = Array.from({ length: Math.min(txs, TX_ACCOUNTS) }, (_, i) =>
    impl.keyFromSeed(seededSecret(seed, `tx-account-${scheme}-${i}`)),
  );
  const bodies = seededBytes(seed, `tx-bodies-${txs}`, txs * TX_BODY_BYTES);
  const pkLen = accounts[0]!.publicKeyBytes.length;
  const first = impl.sign(bodies.subarray(0, TX_BODY_BYTES), accounts[0]!.secret);
  const sigLen = first.length;
  const txLen = TX_BODY_BYTES + pkLen + sigLen;
  // The calibration hashes leaves of txLeafBytes: it must be this block's.
  if (txLen !== txLeafBytes(scheme))
    throw new Error(
      `${scheme} transactions are ${txLen} bytes, not the ${txLeafBytes(scheme)} the calibration assumes`,
    );
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
  return { buffer, txs, blockBytes: BLOCK_HEADER_BYTES + txs * txLen, merkleRoot: root };
}

/**
 * B opaque commands of `txBytes` seeded bytes each (the layout's key and signature lengths are 0):
 * what state-machine-replication benchmarks order, with no signature on each command.
 */
function buildCommandBlock(seed: number, txs: number, txBytes: number): BuiltBlock {
  const buffer = new SharedArrayBuffer(LAYOUT_BYTES + 32 + txs * txBytes);
  const bytes = new Uint8Array(buffer);
  new Uint32Array(buffer, 0, 4).set([txs, txBytes, 0, 0]);
  bytes.set(seededBytes(seed, `commands-${txs}x${txBytes}`, txs * txBytes), LAYOUT_BYTES + 32);
  const leaves = Array.from({ length: txs }, (_, i) => {
    const offset = LAYOUT_BYTES + 32 + i * txBytes;
    return bytes.subarray(offset, offset + txBytes);
  });
  const root = merkleRoot(nobleHash, leaves);
  bytes.set(root, LAYOUT_BYTES);
  return { buffer, txs, blockBytes: BLOCK_HEADER_BYTES + txs * txBytes, merkleRoot: root };
}

/**
 * The block's bytes in the leader's proposal. `proposal`: the whole block. `dissemination`: the
 * clients delivered every command (or transaction) to every replica beforehand, so the proposal
 * names each by its hash: header plus B × 32 bytes. That delivery is not charged to the round.
 */
export function proposalBlockBytes(
  block: Pick<BuiltBlock, 'txs' | 'blockBytes'>,
  payload: PayloadMode = 'proposal',
): number {
  return payload === 'dissemination' ? BLOCK_HEADER_BYTES + block.txs * COMMAND_HASH_BYTES : block.blockBytes;
}

/**
 * A block read back from its shared buffer, public keys parsed once by the checking backend (a node
 * keeps account keys in its state). A block of opaque commands has no signatures or keys.
 */
export interface PreparedBlock {
  bodies: Uint8Array[];
  signatures: Uint8Array[];
  publicKeys: unknown[];
  leaves: Uint8Array[];
  merkleRoot: Uint8Array;
}

/** `impl` checks the transactions' signatures; null for a block of opaque commands. */
export function readBlock(buffer: SharedArrayBuffer, impl: SignatureImpl | null): PreparedBlock {
  const [count = 0, bodyLen = 0, pkLen = 0, sigLen = 0] = new Uint32Array(buffer, 0, 4);
  const signed = pkLen + sigLen > 0;
  if (signed && !impl) throw new Error('a block of signed transactions needs a signature backend to check them');
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
    block.leaves.push(bytes.slice(offset, offset + txLen));
    if (!signed || !impl) continue;
    const pk = bytes.slice(offset + bodyLen, offset + bodyLen + pkLen);
    const hex = Buffer.from(pk).toString('hex');
    if (!keyCache.has(hex)) keyCache.set(hex, impl.importPublicKey(pk));
    block.bodies.push(bytes.slice(offset, offset + bodyLen));
    block.signatures.push(bytes.slice(offset + bodyLen + pkLen, offset + txLen));
    block.publicKeys.push(keyCache.get(hex));
  }
  return block;
}

/**
 * What a validator does with a proposed block: verify every transaction's signature (none for
 * opaque commands), then recompute the Merkle root over the leaves, which any changed byte of a
 * command or transaction breaks.
 */
export function verifyBlock(
  block: PreparedBlock,
  impl: SignatureImpl | null,
  hash: HashImpl,
): { valid: boolean; txVerifications: number } {
  let txVerifications = 0;
  if (block.signatures.length > 0 && !impl) throw new Error('signed transactions need a signature backend');
  for (let i = 0; i < block.signatures.length; i++) {
    txVerifications++;
    if (!impl!.verify(block.signatures[i]!, block.bodies[i]!, block.publicKeys[i]))
      return { valid: false, txVerifications };
  }
  return { valid: equalBytes(merkleRoot(hash, block.leaves), block.merkleRoot), txVerifications };
}
