import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { keccak_256, sha3_256 } from '@noble/hashes/sha3.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { blake3 } from '@noble/hashes/blake3.js';
import { ripemd160 } from '@noble/hashes/legacy.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { p256 } from '@noble/curves/nist.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { packageVersion } from '../../system/packages.js';
import type { Backend, BlsImpl, HashAlgorithm, HashImpl, SignatureImpl } from '../types.js';
import { falseOnThrow } from './guard.js';

/** Ethereum's BLS ciphersuite: proof-of-possession scheme, signatures in G2 (consensus-specs, IETF BLS draft §4.2.3). */
export const ETH_BLS_DST = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_';

const safe = falseOnThrow;

const hashes: Record<HashAlgorithm, HashImpl> = {
  sha256: { hash: (m) => sha256(m) },
  sha512: { hash: (m) => sha512(m) },
  keccak256: { hash: (m) => keccak_256(m) },
  'sha3-256': { hash: (m) => sha3_256(m) },
  'blake2b-256': { hash: (m) => blake2b(m, { dkLen: 32 }) },
  'blake2b-512': { hash: (m) => blake2b(m) },
  blake3: { hash: (m) => blake3(m) },
  ripemd160: { hash: (m) => ripemd160(m) },
};

const ed25519Impl: SignatureImpl<Uint8Array, Uint8Array> = {
  keyFromSeed: (seed) => {
    const pub = ed25519.getPublicKey(seed);
    return { secret: seed, public: pub, publicKeyBytes: pub };
  },
  importPublicKey: (bytes) => bytes,
  sign: (m, sk) => ed25519.sign(m, sk),
  verify: safe((sig, m, pk) => ed25519.verify(sig, m, pk)),
};

/** ECDSA over secp256k1; the message is hashed with SHA-256 (noble's default prehash), low-S enforced. */
const ecdsaImpl: SignatureImpl<Uint8Array, Uint8Array> = {
  keyFromSeed: (seed) => {
    const pub = secp256k1.getPublicKey(seed, true);
    return { secret: seed, public: pub, publicKeyBytes: pub };
  },
  importPublicKey: (bytes) => bytes,
  sign: (m, sk) => secp256k1.sign(m, sk),
  verify: safe((sig, m, pk) => secp256k1.verify(sig, m, pk)),
};

/**
 * ECDSA over NIST P-256 with SHA-256, deterministic nonces (RFC 6979). P-256 has no low-S rule
 * (OpenSSL neither produces nor requires low S), so neither signing nor verifying imposes one.
 */
const p256Impl: SignatureImpl<Uint8Array, Uint8Array> = {
  keyFromSeed: (seed) => {
    const pub = p256.getPublicKey(seed, true);
    return { secret: seed, public: pub, publicKeyBytes: pub };
  },
  importPublicKey: (bytes) => bytes,
  sign: (m, sk) => p256.sign(m, sk, { lowS: false }),
  verify: safe((sig, m, pk) => p256.verify(sig, m, pk, { lowS: false })),
};

const ZERO_AUX = new Uint8Array(32);
/** BIP-340 Schnorr; a fixed all-zero aux_rand keeps signatures deterministic (allowed by BIP-340). */
const schnorrImpl: SignatureImpl<Uint8Array, Uint8Array> = {
  keyFromSeed: (seed) => {
    const pub = schnorr.getPublicKey(seed);
    return { secret: seed, public: pub, publicKeyBytes: pub };
  },
  importPublicKey: (bytes) => bytes,
  sign: (m, sk) => schnorr.sign(m, sk, ZERO_AUX),
  verify: safe((sig, m, pk) => schnorr.verify(sig, m, pk)),
};

const L = bls12_381.longSignatures;
type G1 = ReturnType<typeof L.getPublicKey>;
const blsImpl: BlsImpl<Uint8Array, G1> = {
  keyFromSeed: (seed) => {
    const pub = L.getPublicKey(seed);
    return { secret: seed, public: pub, publicKeyBytes: pub.toBytes() };
  },
  importPublicKey: (bytes) => bls12_381.G1.Point.fromBytes(bytes),
  sign: (m, sk) => L.sign(L.hash(m, ETH_BLS_DST), sk).toBytes(),
  verify: safe((sig, m, pk) => L.verify(sig, L.hash(m, ETH_BLS_DST), pk)),
  aggregateSignatures: (sigs) => L.aggregateSignatures(sigs).toBytes(),
  fastAggregateVerify: safe((sig, m, pks) => L.verify(sig, L.hash(m, ETH_BLS_DST), L.aggregatePublicKeys(pks))),
  aggregateVerify: safe((sig, ms, pks) =>
    L.verifyBatch(
      sig,
      ms.map((m, i) => ({ message: L.hash(m, ETH_BLS_DST), publicKey: pks[i]! })),
    ),
  ),
};

export const nobleBackend: Backend = {
  name: 'noble',
  description: 'pure JavaScript: @noble/hashes and @noble/curves',
  libraries: () => ({
    '@noble/hashes': packageVersion('@noble/hashes'),
    '@noble/curves': packageVersion('@noble/curves'),
  }),
  hash: (alg) => hashes[alg],
  signature: (alg) =>
    ({ ed25519: ed25519Impl, 'ecdsa-secp256k1': ecdsaImpl, 'ecdsa-p256': p256Impl, 'schnorr-secp256k1': schnorrImpl })[
      alg
    ],
  bls: () => blsImpl,
};
