import type { Backend, BlsImpl } from '../types.js';
import { falseOnThrow } from './guard.js';
import { lacks, loadOptional, unavailableBackend } from './optional.js';

// The parts of @chainsafe/blst (Supranational's blst, bound with napi-rs) that we call; declared
// here so the build does not depend on the optional package being installed.
interface BlstPublicKey {
  toBytes(compress?: boolean): Uint8Array;
}
interface BlstSignature {
  toBytes(compress?: boolean): Uint8Array;
}
interface BlstSecretKey {
  toPublicKey(): BlstPublicKey;
  sign(msg: Uint8Array): BlstSignature;
}
interface BlstModule {
  SecretKey: { fromBytes(bytes: Uint8Array): BlstSecretKey };
  PublicKey: { fromBytes(bytes: Uint8Array, validate?: boolean): BlstPublicKey };
  Signature: { fromBytes(bytes: Uint8Array, validate?: boolean): BlstSignature };
  verify(msg: Uint8Array, pk: BlstPublicKey, sig: BlstSignature): boolean;
  fastAggregateVerify(msg: Uint8Array, pks: BlstPublicKey[], sig: BlstSignature): boolean;
  aggregateVerify(msgs: Uint8Array[], pks: BlstPublicKey[], sig: BlstSignature): boolean;
  aggregateSerializedSignatures(sigs: Uint8Array[], groupCheck?: boolean): BlstSignature;
  verifyMultipleAggregateSignatures(sets: { msg: Uint8Array; pk: BlstPublicKey; sig: BlstSignature }[]): boolean;
}

const PACKAGE = '@chainsafe/blst';
const DESCRIPTION = 'native BLS12-381: blst via @chainsafe/blst';

// Parsing a signature is part of verifying one, as in every other backend; a malformed one is false.
const guarded = falseOnThrow;

/**
 * BLS on blst with Ethereum's ciphersuite (the package's default DST is
 * BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_POP_), public keys in G1 and signatures in G2 like noble's.
 * `verifyBatch` is blst's multi-verify: random linear combination of n independent signatures, one
 * multi-pairing.
 */
export function createBlstBackend(packageName = PACKAGE): Backend {
  const loaded = loadOptional<BlstModule>(packageName);
  if (!loaded.ok) return unavailableBackend('blst', DESCRIPTION, loaded.reason);
  const b = loaded.mod;
  const sig = (bytes: Uint8Array) => b.Signature.fromBytes(bytes, true);
  const impl: BlsImpl<BlstSecretKey, BlstPublicKey> = {
    keyFromSeed: (seed) => {
      const secret = b.SecretKey.fromBytes(seed);
      const pub = secret.toPublicKey();
      return { secret, public: pub, publicKeyBytes: pub.toBytes(true) };
    },
    importPublicKey: (bytes) => b.PublicKey.fromBytes(bytes, true),
    sign: (m, sk) => sk.sign(m).toBytes(true),
    verify: guarded((s, m, pk) => b.verify(m, pk, sig(s))),
    aggregateSignatures: (sigs) => b.aggregateSerializedSignatures(sigs, true).toBytes(true),
    fastAggregateVerify: guarded((s, m, pks) => b.fastAggregateVerify(m, pks, sig(s))),
    aggregateVerify: guarded((s, ms, pks) => b.aggregateVerify(ms, pks, sig(s))),
    verifyBatch: guarded((items) =>
      b.verifyMultipleAggregateSignatures(
        items.map((x) => ({ msg: x.message, pk: x.publicKey, sig: sig(x.signature) })),
      ),
    ),
  };
  return {
    name: 'blst',
    description: DESCRIPTION,
    libraries: () => ({ [PACKAGE]: loaded.version }),
    hash: () => lacks('blst', 'hash functions'),
    signature: (alg) => lacks('blst', `${alg} (it is a BLS12-381 library)`),
    bls: () => impl as BlsImpl,
  };
}
